package io.driftline.devkit.cli;

import io.driftline.app.publish.DemoModelSource;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;

/** The demo model for {@code model publish --demo}, trained with Tribuo (registered in META-INF/services). */
public final class DemoModels implements DemoModelSource {

    @Override
    public ModelBundle train(String version, long seed, int rows) {
        return DemoModel.train(version, seed, rows);
    }
}

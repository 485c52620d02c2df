package io.driftline.app.publish;

import io.driftline.models.bundle.ModelBundle;
import java.util.ServiceLoader;

/**
 * Where {@code model publish --demo} gets the demo model. The service carries no demo and no training library
 * (Tribuo), so the demo model comes from the dev kit, found with {@link ServiceLoader}: {@code ./driftline} runs
 * with the dev kit on its class path; the service jar alone (the Docker image) answers that it is not there.
 */
public interface DemoModelSource {

    /** Trains the demo model: the same version, seed and rows give the same ONNX bytes. */
    ModelBundle train(String version, long seed, int rows);

    /** What the service jar alone answers to {@code --demo}. */
    String MISSING = "--demo needs the dev kit, which the service jar does not carry: run ./driftline from a"
            + " checkout, or publish your own model with --onnx and --manifest";

    /** The dev kit's source, if it is on the class path. */
    static java.util.Optional<DemoModelSource> available() {
        return ServiceLoader.load(DemoModelSource.class).findFirst();
    }

}

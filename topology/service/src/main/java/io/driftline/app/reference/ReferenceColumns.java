package io.driftline.app.reference;

import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.ModelManifest;
import io.driftline.OutputKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reference file must provide: the manifest's field paths (each once, even when several features read it),
 * which of them categorical features read as text, and the label column.
 *
 * @param fields      distinct field paths in manifest order
 * @param textFields  paths a categorical feature reads: file columns are cast to text there (a CSV column of
 *                    category codes 1, 2, 3 is inferred as numbers, but serving reads categories as strings)
 * @param label       path of the label column, or null
 * @param labelIsText true when the model is a classifier (labels are class names), false for regression
 */
record ReferenceColumns(List<String> fields, Set<String> textFields, String label, boolean labelIsText) {

    static ReferenceColumns of(ModelManifest manifest, String labelColumn) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> text = new LinkedHashSet<>();
        for (FeatureSpec spec : manifest.getFeatures()) {
            fields.add(spec.getField());
            if (spec.getType() == FeatureType.CATEGORICAL) {
                text.add(spec.getField());
            }
        }
        return new ReferenceColumns(new ArrayList<>(fields), text, labelColumn,
                manifest.getOutput().getKind() != OutputKind.REGRESSION);
    }
}

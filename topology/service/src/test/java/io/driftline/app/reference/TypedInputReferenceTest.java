package io.driftline.app.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.score.BundleRejectedException;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ServingModel;
import io.driftline.topology.score.exports.ExportModels;
import io.driftline.topology.score.exports.ExportModels.Export;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference built for a model whose graph takes double, int64 or string inputs (sklearn DoubleTensorType,
 * Int64TensorType, a pipeline with a string column): its rows are fed as serving feeds them, and its golden examples
 * hold exactly what the model was fed, so the bundle's own check at load accepts them.
 */
class TypedInputReferenceTest {

    private static final List<GenericRecord> ROWS = rows(600);

    @TempDir
    Path dir;

    @Test
    void shouldKeepADoubleInputsValuesExactlyInTheGoldenExamplesAndPassTheCheckAtLoad() throws Exception {
        Export export = ExportModels.doubleInput(UnaryOperator.identity());
        ReferenceBuilder.Reference reference = build(export);

        Set<List<Double>> fed = new HashSet<>();
        for (GenericRecord row : ROWS) {
            fed.add(List.of((Double) row.get("amount"), ((Long) row.get("age")).doubleValue(), (Double) row.get("tenure")));
        }
        assertThat(reference.golden()).hasSize(12);
        // Each golden row is one of the file's rows to the last bit: through a float, 0.1 would be 0.10000000149.
        assertThat(reference.golden()).allSatisfy(g -> assertThat(fed).contains(g.getFeatures()));
        assertThat(reference.golden()).anySatisfy(g -> assertThat((double) (float) (double) g.getFeatures().get(0))
                .isNotEqualTo(g.getFeatures().get(0)));
        verifies(export, reference);
        tamperedIsRejected(export, reference);
    }

    @Test
    void shouldFeedAnInt64InputWholeNumbersAndPassTheCheckAtLoad() throws Exception {
        Export export = ExportModels.int64Input(UnaryOperator.identity());
        ReferenceBuilder.Reference reference = build(export);

        assertThat(reference.rows()).isEqualTo(ROWS.size());
        assertThat(reference.golden()).hasSize(12).allSatisfy(g -> assertThat(g.getFeatures())
                .allSatisfy(v -> assertThat(v).isEqualTo(Math.rint(v))));
        verifies(export, reference);
        tamperedIsRejected(export, reference);
    }

    @Test
    void shouldPutAStringInputsTextInTextFeaturesAndPassTheCheckAtLoad() throws Exception {
        Export export = ExportModels.stringPipeline(UnaryOperator.identity());
        ReferenceBuilder.Reference reference = build(export);

        assertThat(reference.golden()).hasSize(12).allSatisfy(g -> {
            assertThat(g.getTextFeatures()).containsOnlyKeys("city");
            assertThat(g.getTextFeatures().get("city")).isIn("paris", "lyon", "nice", "rome");
        });
        // The drift categories still come from the vocabulary: rome, never seen in training, counts as unseen.
        assertThat(reference.profile().getFeatures()).anySatisfy(f -> assertThat(f.getName()).isEqualTo("city"));
        verifies(export, reference);
        tamperedIsRejected(export, reference);
    }

    @Test
    void shouldSayWhenTheManifestDeclaresANumericFeatureForAStringInput() throws Exception {
        Export export = ExportModels.stringPipeline(UnaryOperator.identity());
        ModelManifest manifest = ModelManifest.newBuilder(export.bundle().manifest()).build();
        List<FeatureSpec> features = new ArrayList<>(manifest.getFeatures());
        features.set(1, FeatureSpec.newBuilder(features.get(1)).setType(FeatureType.NUMERIC).setVocabulary(null)
                .build());
        manifest.setFeatures(features);
        Path csv = csv(dir.resolve("numeric-city.csv"));
        assertThatThrownBy(() -> new ReferenceBuilder(manifest, export.bundle().loadOnnx()).build(csv)).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("numeric-city.csv").hasMessageContaining("feature 'city' is declared NUMERIC but feeds string input 'city'");
    }

    private ReferenceBuilder.Reference build(Export export) throws Exception {
        return new ReferenceBuilder(export.bundle().manifest(), export.bundle().loadOnnx()).goldenRows(12)
                .build(csv(dir.resolve(export.bundle().manifest().getFeatures().size() + "-" + System.nanoTime()
                        + ".csv")));
    }

    /** The bundle with the reference as publish writes it is accepted by the check every instance runs at load. */
    private static void verifies(Export export, ReferenceBuilder.Reference reference) throws Exception {
        ServingModel serving = new BundleVerifier(1, Clock.systemUTC()).verify(bundle(export, reference.golden(), "2",
                reference), false);
        try {
            assertThat(serving.referenceProfile()).isEqualTo(reference.profile());
        } finally {
            serving.onnx().close();
        }
    }

    /** A golden row's input changed is caught: the examples are checked, not merely carried. */
    private static void tamperedIsRejected(Export export, ReferenceBuilder.Reference reference) throws Exception {
        List<GoldenExample> tampered = new ArrayList<>(reference.golden());
        GoldenExample last = GoldenExample.newBuilder(tampered.get(tampered.size() - 1)).build();
        List<Double> features = new ArrayList<>(last.getFeatures());
        features.set(0, features.get(0) + 40.0);
        last.setFeatures(features);
        tampered.set(tampered.size() - 1, last);
        assertThatThrownBy(() -> new BundleVerifier(1, Clock.systemUTC()).verify(bundle(export, tampered, "3",
                reference), false)).isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("golden example " + (tampered.size() - 1));
    }

    private static ModelBundle bundle(Export export, List<GoldenExample> golden, String version,
                                      ReferenceBuilder.Reference reference) throws Exception {
        return BundleBuilder.forModel(ExportModels.MODEL, version).onnx(export.bundle().loadOnnx())
                .manifest(export.bundle().manifest()).referenceProfile(reference.profile()).goldenExamples(golden)
                .build();
    }

    /** The applicants as a training CSV (doubles written in full, so 0.1 reads back as 0.1). */
    private static Path csv(Path file) throws Exception {
        StringBuilder out = new StringBuilder("id,amount,age,visits,tenure,city\n");
        for (GenericRecord r : ROWS) {
            out.append(r.get("id")).append(',').append(r.get("amount")).append(',').append(r.get("age")).append(',')
                    .append(r.get("visits")).append(',').append(r.get("tenure")).append(',').append(r.get("city"))
                    .append('\n');
        }
        Files.writeString(file, out);
        return file;
    }

    /** ExportModels' applicants, every 20th with amount 0.1 (a double no float holds). */
    private static List<GenericRecord> rows(int n) {
        List<GenericRecord> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GenericRecord r = ExportModels.event("a-" + i, i);
            if (i % 20 == 0) {
                r.put("amount", 0.1);
            }
            rows.add(r);
        }
        return rows;
    }
}

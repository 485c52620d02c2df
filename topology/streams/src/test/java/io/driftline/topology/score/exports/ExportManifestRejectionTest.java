package io.driftline.topology.score.exports;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.InputMode;
import io.driftline.OutputKind;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real exports with a manifest that mis-declares them: each is rejected when it loads, on every instance (the
 * {@link BundleVerifier} the CLI also runs before publishing), with a reason that says what to write instead.
 */
class ExportManifestRejectionTest {

    private final ModelRegistry registry = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC());

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldRejectClassNamesForAZipMapWithInt64KeysNamingTheKeysToWrite() {
        ModelEvent event = apply(ExportModels.sklearnZipMap(false, m -> {
            m.getOutput().setClassLabels(new ArrayList<>(List.of("legit", "fraud")));
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "classLabels [legit, fraud] do not match the keys of ZipMap output"
                + " 'output_probability', which are [0, 1] (int64)", "write \"classLabels\": [\"0\", \"1\"]");
    }

    @Test
    void shouldRejectClassLabelsThatAreNotTheStringKeysOfAZipMap() {
        ModelEvent event = apply(ExportModels.sklearnZipMap(true, m -> {
            m.getOutput().setClassLabels(new ArrayList<>(List.of("0", "1")));
            m.getOutput().setPositiveClass(null);
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "which are [fraud, legit] (string)",
                "write \"classLabels\": [\"fraud\", \"legit\"]");
    }

    @Test
    void shouldRejectAPositiveClassThatIsNotOneOfTheZipMapsClasses() {
        ModelEvent event = apply(ExportModels.sklearnZipMap(false, m -> {
            m.getOutput().setPositiveClass("fraud");
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "positiveClass 'fraud' is not one of the model's classes (the ZipMap's"
                + " keys) [0, 1]", "leave it out to take the last, '1'");
    }

    @Test
    void shouldRejectABinaryDeclarationOfAThreeClassZipMap() {
        ModelEvent event = apply(ExportModels.sklearnZipMapMulticlass(m -> {
            m.getOutput().setKind(OutputKind.BINARY);
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "a BINARY model has two classes", "[0, 1, 2]", "declare kind MULTICLASS");
    }

    @Test
    void shouldRejectAStringFeatureDeclaredNumericForAStringInput() {
        ModelEvent event = apply(ExportModels.stringPipeline(m -> {
            FeatureSpec city = m.getFeatures().get(1);
            city.setType(FeatureType.NUMERIC);
            city.setVocabulary(null);
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "feature 'city' is declared NUMERIC but feeds string input 'city'",
                "declare it CATEGORICAL with its vocabulary");
    }

    @Test
    void shouldRejectATensorManifestWhoseFeatureCountIsNotTheInputWidth() {
        ModelEvent event = apply(ExportModels.sigmoidColumn(false, m -> {
            m.setFeatures(new ArrayList<>(m.getFeatures().subList(0, 2)));
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "input 'input' has shape [-1, 3] but the manifest declares 2 features",
                "expected [N, 2]");
    }

    @Test
    void shouldRejectAPerFeatureManifestThatMissesAnInput() {
        ModelEvent event = apply(ExportModels.perFeatureInputs(m -> {
            m.setFeatures(new ArrayList<>(m.getFeatures().subList(0, 2)));
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "graph inputs [amount, age, tenure] do not match the manifest's 2"
                + " features [amount, age]");
    }

    @Test
    void shouldRejectTensorModeForAGraphWithOneInputPerFeature() {
        ModelEvent event = apply(ExportModels.perFeatureInputs(m -> {
            m.setInputMode(InputMode.TENSOR);
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "TENSOR mode feeds one input [N, 3] but the graph has inputs"
                + " [amount, age, tenure]", "use inputMode PER_FEATURE");
    }

    @Test
    void shouldRejectASingleSigmoidColumnWithoutItsTwoClassLabels() {
        ModelEvent event = apply(ExportModels.sigmoidColumn(false, m -> {
            m.getOutput().setClassLabels(new ArrayList<>());
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "is a single column holding the positive class's probability",
                "classLabels must name the two classes [negative, positive]");
    }

    @Test
    void shouldRejectAPositiveClassThatIsTheNegativeOfASingleSigmoidColumn() {
        ModelEvent event = apply(ExportModels.sigmoidColumn(true, m -> {
            m.getOutput().setPositiveClass("legit");
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "probability of the second classLabel 'fraud'",
                "positiveClass must be 'fraud' or left out");
    }

    @Test
    void shouldRejectAMulticlassDeclarationOfASingleSigmoidColumn() {
        ModelEvent event = apply(ExportModels.sigmoidColumn(false, m -> {
            m.getOutput().setKind(OutputKind.MULTICLASS);
            return m;
        }));

        assertRejected(event, "SHAPE_MISMATCH", "a MULTICLASS model needs one column per class");
    }

    @Test
    void shouldRejectAGoldenRowOnWhichTheModelGivesNaNSayingWhatToFix() {
        ModelEvent event = apply(ExportModels.logRegressor(UnaryOperator.identity(), List.of(
                golden(List.of(100.0, 30.0, 2.0), Math.log(100) * 0.004 - Math.log(30) * 0.03 + Math.log(2) * 0.2
                        - 0.7), golden(List.of(-5.0, 30.0, 2.0), 0.0))));

        assertRejected(event, "GOLDEN_MISMATCH", "golden example 1: the model gives a non-finite score (NaN",
                "fix the graph");
    }

    @Test
    void shouldRejectANonIntegralGoldenValueForAnInt64Input() {
        ModelEvent event = apply(ExportModels.withGolden(ExportModels.int64Input(UnaryOperator.identity()),
                List.of(golden(List.of(30.0, 2.5, 1.0), 0.0))));

        assertRejected(event, "GOLDEN_MISMATCH", "golden example 0 cannot feed the model", "feature 'visits'",
                "int64", "not an integer");
    }

    @Test
    void shouldRejectAGoldenRowWithoutTheTextOfAStringInput() {
        ModelEvent event = apply(ExportModels.withGolden(ExportModels.stringPipeline(UnaryOperator.identity()),
                List.of(golden(List.of(100.0, 0.0), 0.5))));

        assertRejected(event, "GOLDEN_MISMATCH", "golden example 0 cannot feed the model", "feature 'city'",
                "textFeatures");
    }

    @Test
    void shouldDeployGoldenRowsOfStringAndInt64InputsThatHold() throws Exception {
        ExportModels.Export strings = ExportModels.stringPipeline(UnaryOperator.identity());
        GoldenExample paris = golden(List.of(100.0, 0.0), expectedScore(strings, 100.0, "paris"));
        paris.setTextFeatures(Map.of("city", "paris"));
        paris.setExpectedLabel(expectedScore(strings, 100.0, "paris") > 0.5 ? "yes" : "no");
        ModelEvent deployed = apply(ExportModels.withGolden(strings, List.of(paris)));
        assertThat(deployed.kind()).as(deployed.message()).isEqualTo(ModelEvent.Kind.DEPLOYED);

        // LinearRegressor on (age, visits, tenure) = (30, 2, 1): 0.004 * 30 - 0.03 * 2 + 0.2 * 1 - 0.7
        GoldenExample ints = golden(List.of(30.0, 2.0, 1.0), 0.004 * 30 - 0.03 * 2 + 0.2 - 0.7);
        ModelEvent swapped = apply(ExportModels.withGolden(ExportModels.int64Input(UnaryOperator.identity()),
                List.of(ints)));
        assertThat(swapped.kind()).as(swapped.message()).isIn(ModelEvent.Kind.DEPLOYED, ModelEvent.Kind.UNCHANGED);
    }

    private static double expectedScore(ExportModels.Export export, double amount, String city) throws Exception {
        var event = ExportModels.event("g", 0);
        event.put("amount", amount);
        event.put("city", city);
        return DirectOnnx.run(export.bundle(), List.of(event)).get(0).score();
    }

    private ModelEvent apply(ExportModels.Export export) {
        return registry.apply(ExportModels.MODEL, export.bundle().toUpdate());
    }

    private static GoldenExample golden(List<Double> features, double expectedScore) {
        return GoldenExample.newBuilder().setFeatures(new ArrayList<>(features)).setExpectedScore(expectedScore).build();
    }

    private void assertRejected(ModelEvent event, String reason, String... messageParts) {
        assertThat(event.kind()).as(event.message()).isEqualTo(ModelEvent.Kind.REJECTED);
        assertThat(event.reason()).isEqualTo(reason);
        for (String part : messageParts) {
            assertThat(event.message()).contains(part);
        }
        assertThat(registry.hasServingModel()).isFalse();
    }
}

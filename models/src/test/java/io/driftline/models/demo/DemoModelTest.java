package io.driftline.models.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.Sha256;
import io.driftline.models.features.FeatureEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo bundle's shape; ONNX parity and model quality are in {@link DemoModelParityTest}. */
class DemoModelTest {

    private static ModelBundle bundle;

    @BeforeAll
    static void train() {
        bundle = DemoModel.train("1", 11, 2_000);
    }

    @Test
    void shouldDescribeTheDemoFeaturesAndOutput() {
        ModelManifest manifest = DemoModel.manifest();

        assertThat(manifest.getFeatures()).extracting(FeatureSpec::getName)
                .containsExactly("amount", "hourOfDay", "distanceKm", "cardPresent", "merchantCategory");
        assertThat(manifest.getFeatures()).extracting(FeatureSpec::getType).containsExactly(FeatureType.NUMERIC,
                FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.CATEGORICAL);
        assertThat(manifest.getFeatures().get(4).getVocabulary()).isEqualTo(Transactions.CATEGORIES);
        assertThat(manifest.getInputName()).isEqualTo("input");
        assertThat(manifest.getOutput().getScoresName()).isEqualTo("output");
        assertThat(manifest.getOutput().getClassLabels()).containsExactly("fraud", "legit");
        assertThat(manifest.getOutput().getPositiveClass()).isEqualTo("fraud");
        assertThat(manifest.getEventIdField()).isEqualTo("transactionId");
    }

    @Test
    void shouldBundleTheModelWithProfileAndGoldenExamples() throws Exception {
        assertThat(bundle.model()).isEqualTo("fraud");
        assertThat(bundle.version()).isEqualTo("1");
        assertThat(bundle.isInline()).isTrue();
        assertThat(bundle.manifest()).isEqualTo(DemoModel.manifest());
        assertThat(Sha256.hex(bundle.loadOnnx())).isEqualTo(bundle.sha256());
        assertThat(ModelBundle.fromUpdate(bundle.toUpdate()).toUpdate()).isEqualTo(bundle.toUpdate());

        assertThat(bundle.goldenExamples()).hasSize(20);
        GoldenExample lowest = bundle.goldenExamples().get(0);
        GoldenExample highest = bundle.goldenExamples().get(19);
        assertThat(lowest.getExpectedScore()).isLessThan(0.01);
        assertThat(highest.getExpectedScore()).isGreaterThan(0.3);
        assertThat(highest.getExpectedScores().get("fraud") + highest.getExpectedScores().get("legit"))
                .isCloseTo(1.0, within(1e-9));
        assertThat(lowest.getExpectedLabel()).isEqualTo("legit");
    }

    @Test
    void shouldProfileTheTrainingData() {
        ReferenceProfile profile = bundle.referenceProfile();

        assertThat(profile.getSampleSize()).isEqualTo(2_000);
        assertThat(profile.getFeatures()).extracting(FeatureProfile::getName)
                .containsExactly("amount", "hourOfDay", "distanceKm", "cardPresent", "merchantCategory");
        FeatureProfile amount = profile.getFeatures().get(0);
        assertThat(amount.getBinEdges()).hasSize(9);
        assertThat(amount.getBinFractions().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
        assertThat(amount.getMean()).isGreaterThan(amount.getBinEdges().get(4)); // skewed: mean above the median
        assertThat(amount.getKllSketch()).isNull();
        assertThat(profile.getFeatures().get(4).getCategoryFrequencies()).containsOnlyKeys(Transactions.CATEGORIES);
        assertThat(profile.getPrediction().getName()).isEqualTo("score");
        assertThat(profile.getPrediction().getMean()).isBetween(0.01, 0.06);
    }

    @Test
    void shouldServeWithTheReferenceMeanForAMissingDistance() {
        FeatureEncoder encoder = new FeatureEncoder(bundle.manifest(), bundle.referenceProfile());
        var tx = Transactions.generator(1).next(0);
        tx.put("distanceKm", null);

        assertThat(encoder.encode(tx)[2]).isEqualTo(bundle.referenceProfile().getFeatures().get(2).getMean());
    }

    @Test
    void shouldRefuseTooFewRows() {
        assertThatThrownBy(() -> DemoModel.train("1", 1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 100 training rows: 10");
    }
}

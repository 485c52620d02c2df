package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.Sha256;
import io.driftline.models.drift.KllSketches;
import io.driftline.models.features.FeatureEncoder;
import java.util.List;
import java.util.Map;
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

        assertThat(manifest.getFeatures()).extracting(FeatureSpec::getName).containsExactly("amount", "hourOfDay",
                "distanceKm", "cardPresent", "merchantCategory", "creditLimit", "cardAgeDays", "txn_count_10m",
                "amount_sum_10m");
        assertThat(manifest.getFeatures()).extracting(FeatureSpec::getField).containsExactly("amount", "hourOfDay",
                "distanceKm", "cardPresent", "merchantCategory", "profile.creditLimit", "profile.cardAgeDays",
                "agg.txn_count_10m", "agg.amount_sum_10m");
        assertThat(manifest.getFeatures()).extracting(FeatureSpec::getType).containsExactly(FeatureType.NUMERIC,
                FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.CATEGORICAL,
                FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC);
        assertThat(manifest.getFeatures()).filteredOn(f -> f.getMissing() == MissingPolicy.REJECT)
                .extracting(FeatureSpec::getName).containsExactly("amount");
        assertThat(manifest.getFeatures().get(4).getVocabulary()).isEqualTo(Transactions.CATEGORIES);
        assertThat(manifest.getInputName()).isEqualTo("input");
        assertThat(manifest.getOutput().getScoresName()).isEqualTo("output");
        assertThat(manifest.getOutput().getClassLabels()).containsExactly("fraud", "legit");
        assertThat(manifest.getOutput().getPositiveClass()).isEqualTo("fraud");
        assertThat(manifest.getEventIdField()).isEqualTo("transactionId");
    }

    @Test
    void shouldDeclareTheAggregatesItReads() {
        assertThat(DemoModel.AGGREGATES).isEqualTo("txn_count_10m=count(amount)@10m,amount_sum_10m=sum(amount)@10m");
        assertThat(DemoModel.aggregateSpecs()).extracting(WindowAggregates.Spec::name)
                .allSatisfy(name -> assertThat(DemoModel.manifest().getFeatures())
                        .anySatisfy(f -> assertThat(f.getField()).isEqualTo("agg." + name)));
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
        assertThat(profile.getFeatures()).extracting(FeatureProfile::getName).containsExactly("amount", "hourOfDay",
                "distanceKm", "cardPresent", "merchantCategory", "creditLimit", "cardAgeDays", "txn_count_10m",
                "amount_sum_10m");
        FeatureProfile amount = profile.getFeatures().get(0);
        assertThat(amount.getBinEdges()).hasSize(9);
        assertThat(amount.getBinFractions().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
        assertThat(amount.getMean()).isGreaterThan(amount.getBinEdges().get(4)); // skewed: mean above the median
        assertThat(KllSketches.fromBytes(amount.getKllSketch()).getN()).as("KLL sketch of every training amount")
                .isEqualTo(2_000);
        assertThat(profile.getFeatures().get(4).getKllSketch()).as("categorical: no sketch").isNull();
        assertThat(KllSketches.fromBytes(profile.getPrediction().getKllSketch()).getN()).isEqualTo(2_000);
        assertThat(profile.getFeatures().get(4).getCategoryFrequencies()).containsOnlyKeys(Transactions.CATEGORIES);
        assertThat(profile.getPrediction().getName()).isEqualTo("score");
        assertThat(profile.getPrediction().getMean()).isBetween(0.01, 0.06);
        FeatureProfile count = profile.getFeatures().get(7);
        assertThat(count.getMin()).as("every payment counts itself").isEqualTo(1.0);
        assertThat(count.getMean()).as("windows warmed up: a card pays about once in ten minutes").isBetween(1.8, 3.5);
        assertThat(profile.getFeatures().get(8).getMean()).isGreaterThan(amount.getMean());
    }

    @Test
    void shouldServeWithTheReferenceMeanForAMissingDistance() {
        FeatureEncoder encoder = new FeatureEncoder(bundle.manifest(), bundle.referenceProfile());
        var tx = Transactions.generator(1).next(0);
        tx.put("distanceKm", null);

        assertThat(encoder.encode(tx)[2]).isEqualTo(bundle.referenceProfile().getFeatures().get(2).getMean());
    }

    @Test
    void shouldReadProfileAndAggregatesFromTheEnrichedView() {
        FeatureEncoder encoder = new FeatureEncoder(bundle.manifest(), bundle.referenceProfile());
        Transactions.Payment payment = Transactions.generator(2).nextPayment();

        double[] row = encoder.encode(DemoView.of(payment.transaction(), payment.profile(),
                Map.of("txn_count_10m", 4.0, "amount_sum_10m", 1234.5)));

        assertThat(row[0]).isEqualTo((Double) payment.transaction().get("amount"));
        assertThat(row[5]).isEqualTo((Double) payment.profile().get("creditLimit"));
        assertThat(row[6]).isEqualTo(((Integer) payment.profile().get("cardAgeDays")).doubleValue());
        assertThat(row[7]).isEqualTo(4.0);
        assertThat(row[8]).isEqualTo(1234.5);
    }

    @Test
    void shouldScoreACardWithoutProfileOrAggregatesByItsPolicies() {
        FeatureEncoder encoder = new FeatureEncoder(bundle.manifest(), bundle.referenceProfile());
        var tx = Transactions.generator(3).next(0); // the bare event: no profile joined, no aggregates

        double[] row = encoder.encode(tx);

        List<FeatureProfile> reference = bundle.referenceProfile().getFeatures();
        assertThat(row[5]).as("creditLimit").isEqualTo(reference.get(5).getMean());
        assertThat(row[6]).as("cardAgeDays").isEqualTo(reference.get(6).getMean());
        assertThat(row[7]).as("txn_count_10m: the payment alone").isEqualTo(1.0);
        assertThat(row[8]).as("amount_sum_10m").isEqualTo(reference.get(8).getMean());
        assertThat(encoder.encode(DemoView.of(tx, null, Map.of()))).isEqualTo(row);
    }

    @Test
    void shouldRefuseTooFewRows() {
        assertThatThrownBy(() -> DemoModel.train("1", 1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 100 training rows: 10");
    }
}

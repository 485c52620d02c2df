package io.driftline.models.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.FeatureDrift;
import io.driftline.FeatureProfile;
import io.driftline.FeatureType;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.FeatureKind;
import io.driftline.models.drift.FeatureResult;
import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.Metric;
import io.driftline.models.drift.ReferenceFeature;
import io.driftline.models.drift.Severity;
import io.driftline.models.drift.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class AvroDriftTest {

    private static final KllDoublesSketch SKETCH = KllSketches.of(1, 2, 3, 4, 5);

    private static final ReferenceProfile PROFILE = ReferenceProfile.newBuilder().setSampleSize(5)
            .setFeatures(List.of(
                    FeatureProfile.newBuilder().setName("x").setType(FeatureType.NUMERIC)
                            .setBinEdges(List.of(2.0, 4.0)).setBinFractions(List.of(0.2, 0.4, 0.4))
                            .setKllSketch(ByteBuffer.wrap(KllSketches.toBytes(SKETCH)))
                            .setMin(1).setMax(5).setMean(3).setStddev(Math.sqrt(2)).setMissingFraction(0.0).build(),
                    FeatureProfile.newBuilder().setName("c").setType(FeatureType.CATEGORICAL)
                            .setCategoryFrequencies(Map.of("a", 0.6, "b", 0.4)).setMissingFraction(0.2).build()))
            .setPrediction(FeatureProfile.newBuilder().setName("score").setType(FeatureType.NUMERIC).build())
            .build();

    @Test
    void shouldReadEveryFeatureOfAReferenceProfile() {
        List<ReferenceFeature> features = AvroDrift.features(PROFILE);

        ReferenceFeature x = features.get(0);
        assertThat(x.kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(x.binEdges()).containsExactly(2, 4);
        assertThat(x.bucketFractions()).containsExactly(0.2, 0.4, 0.4, 0);
        assertThat(x.sketch().getN()).isEqualTo(5);
        assertThat(x.sketch().getQuantile(0.5)).isEqualTo(3);
        assertThat(x.stddev()).isEqualTo(Math.sqrt(2));
        assertThat(x.sampleSize()).isEqualTo(5);
        ReferenceFeature c = features.get(1);
        assertThat(c.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(c.categoryFrequencies()).containsOnly(Map.entry("a", 0.6), Map.entry("b", 0.4));
        assertThat(c.missingFraction()).isEqualTo(0.2);
        ReferenceFeature score = AvroDrift.prediction(PROFILE);
        assertThat(score.hasBins()).isFalse();
        assertThat(score.sketch()).isNull();
    }

    @Test
    void shouldWriteCorrectedPValuesAndVerdictsIntoTheReportRecords() {
        Metric ks = new Metric(Metric.KS, 0.2, 0.001, 0.004, 0.01, 0.2, new DriftThresholds.Levels(0, 0.1),
                Severity.ALERT);
        Metric psi = new Metric(Metric.PSI, 0.12, null, null, 0.25, 0.12, new DriftThresholds.Levels(0.25, 0.5),
                Severity.NONE);
        FeatureResult result = new FeatureResult("x", 900, 0.1, Verdict.DRIFT, List.of(ks, psi));

        FeatureDrift drift = AvroDrift.featureDrift(result);

        assertThat(drift.getFeature()).isEqualTo("x");
        assertThat(drift.getCount()).isEqualTo(900);
        assertThat(drift.getMissingRate()).isEqualTo(0.1);
        assertThat(drift.getDrifted()).isTrue();
        assertThat(drift.getMetrics()).containsExactly(
                MetricResult.newBuilder().setMetric("ks").setValue(0.2).setPValue(0.004).setThreshold(0.01)
                        .setDrifted(true).setSeverity(MetricSeverity.ALERT).setEffectSize(0.2).setWarnThreshold(0.0)
                        .setAlertThreshold(0.1).build(),
                MetricResult.newBuilder().setMetric("psi").setValue(0.12).setPValue(null).setThreshold(0.25)
                        .setDrifted(false).setSeverity(MetricSeverity.NONE).setEffectSize(0.12)
                        .setWarnThreshold(0.25).setAlertThreshold(0.5).build());
    }

    @Test
    void shouldRoundTripSketchesThroughBytesAndBuffers() {
        ByteBuffer buffer = ByteBuffer.allocate(4 + KllSketches.toBytes(SKETCH).length);
        buffer.putInt(7).put(KllSketches.toBytes(SKETCH)).flip().position(4);

        KllDoublesSketch copy = KllSketches.fromBytes(buffer);

        assertThat(copy.getN()).isEqualTo(5);
        assertThat(copy.getMinItem()).isEqualTo(1);
        assertThat(buffer.position()).as("the buffer is not consumed").isEqualTo(4);
        assertThat(copy.getK()).isEqualTo(KllSketches.K);
    }
}

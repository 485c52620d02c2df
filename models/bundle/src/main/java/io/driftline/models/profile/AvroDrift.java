package io.driftline.models.profile;

import io.driftline.FeatureDrift;
import io.driftline.FeatureProfile;
import io.driftline.FeatureType;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.FeatureResult;
import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.Metric;
import io.driftline.models.drift.ReferenceFeature;
import java.util.List;

/**
 * The adapter between the drift package's plain values and the Avro records the rest of Driftline exchanges:
 * reference profiles in, {@code MetricResult} and {@code FeatureDrift} out.
 */
public final class AvroDrift {

    private AvroDrift() {
    }

    /** The reference of each feature of a profile, in manifest order. */
    public static List<ReferenceFeature> features(ReferenceProfile profile) {
        return profile.getFeatures().stream().map(f -> reference(f, profile.getSampleSize())).toList();
    }

    /** The reference of the prediction score, or null when the profile has none. */
    public static ReferenceFeature prediction(ReferenceProfile profile) {
        return profile.getPrediction() == null ? null : reference(profile.getPrediction(), profile.getSampleSize());
    }

    /** One feature's reference; {@code sampleSize} is the profile's row count (missing values included). */
    public static ReferenceFeature reference(FeatureProfile profile, long sampleSize) {
        if (profile.getType() == FeatureType.CATEGORICAL) {
            return ReferenceFeature.categorical(profile.getName(), profile.getCategoryFrequencies(),
                    profile.getMissingFraction(), sampleSize);
        }
        return ReferenceFeature.numeric(profile.getName(), unboxed(profile.getBinEdges()),
                unboxed(profile.getBinFractions()), profile.getMin(), profile.getMax(),
                profile.getKllSketch() == null ? null : KllSketches.fromBytes(profile.getKllSketch()),
                profile.getMissingFraction(), profile.getStddev(), sampleSize);
    }

    /** A metric as the drift report carries it: the p-value after correction, the grade and both levels. */
    public static MetricResult metricResult(Metric metric) {
        return MetricResult.newBuilder().setMetric(metric.name()).setValue(metric.value())
                .setPValue(metric.adjustedPValue()).setThreshold(metric.threshold()).setDrifted(metric.drifted())
                .setSeverity(MetricSeverity.valueOf(metric.severity().name())).setEffectSize(metric.effectSize())
                .setWarnThreshold(metric.levels().warn()).setAlertThreshold(metric.levels().alert()).build();
    }

    /** A feature's result as the drift report carries it. */
    public static FeatureDrift featureDrift(FeatureResult result) {
        return FeatureDrift.newBuilder().setFeature(result.feature()).setCount(result.count())
                .setMissingRate(result.missingRate())
                .setMetrics(result.metrics().stream().map(AvroDrift::metricResult).toList())
                .setDrifted(result.drifted()).build();
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

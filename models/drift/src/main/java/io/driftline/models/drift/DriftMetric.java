package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * One drift metric: what it applies to, how it is graded, its default settings, and how it is computed from a
 * feature's reference and its window. Everything about a metric lives in its implementation; {@link DriftMetrics}
 * registers it, and from there the drift tests, {@link DriftThresholds}, the {@code drift.<metric>.*}
 * configuration keys, alert explanations and the detector benchmark all pick it up.
 *
 * <p>A metric is either a {@link Type#DISTANCE}, graded by its warn and alert {@link DriftThresholds.Levels}
 * alone, or a {@link Type#TEST} with a p-value, drift only when its corrected p-value is below its alpha and then
 * graded by its effect size (see {@link DriftThresholds}). Implementations must be stateless and thread-safe, and
 * pure: plain values and DataSketches in, a {@link Result} out.
 */
public interface DriftMetric {

    /** How a metric is graded. */
    enum Type {
        /** A distance or index without a p-value: warn and alert levels on its value. */
        DISTANCE,
        /** A significance test: an alpha on its corrected p-value, then warn and alert levels on its effect size. */
        TEST
    }

    /**
     * The metric's name in drift reports ({@code MetricResult.metric}) and configuration: lower case letters,
     * digits and underscores, starting with a letter. A report contract: never change it once released.
     */
    String id();

    /** What the metric measures, in words for documentation ("Jensen-Shannon distance (base 2)"). */
    String description();

    /** DISTANCE or TEST. */
    Type type();

    /** The kinds of feature it applies to. */
    Set<FeatureKind> featureKinds();

    /**
     * True when the metric needs at least the minimum sample size of present values in the window (most do); false
     * when events suffice, as for the missing rate, which counts the absent ones.
     */
    default boolean needsPresentValues() {
        return true;
    }

    /** What the levels grade, in words for documentation: "its statistic D"; for a distance its value. */
    default String effectSizeDescription() {
        return "its value";
    }

    /** The highest warn or alert level configuration accepts (PSI 100, a distance bounded by 1: 1). */
    double maxLevel();

    /** Whether the metric runs when nothing configures it; the standard metrics all do. */
    default boolean enabledByDefault() {
        return true;
    }

    /** The default warn and alert levels; a distance's warn level must be positive. */
    DriftThresholds.Levels defaultLevels();

    /** The default alpha of a test; a distance has none, and is never asked. */
    default double defaultAlpha() {
        throw new UnsupportedOperationException(id() + " is a distance: no alpha");
    }

    /**
     * The metric of one feature over one window, or empty when it does not apply to this pair (say, no sketch on
     * one side). Called only for a feature of one of {@link #featureKinds()} whose window holds enough events (and
     * present values, if {@link #needsPresentValues()}).
     *
     * @param thresholds the window's thresholds, for settings shared by all metrics such as
     *     {@link DriftThresholds#minExpectedCount()}
     */
    Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds);

    /**
     * A metric's outcome before correction and grading.
     *
     * @param value the statistic reports carry
     * @param pValue a test's p-value before correction; null for a distance
     * @param effectSize what the levels grade (see {@link Metric#effectSize()})
     */
    record Result(double value, Double pValue, double effectSize) {

        /** A distance, its value its own effect size. */
        public static Result distance(double value) {
            return new Result(value, null, value);
        }

        /** A test with its p-value, its statistic its own effect size. */
        public static Result test(double statistic, double pValue) {
            return new Result(statistic, pValue, statistic);
        }

        /** A test whose levels grade an effect size other than its statistic. */
        public static Result test(double statistic, double pValue, double effectSize) {
            return new Result(statistic, pValue, effectSize);
        }
    }
}

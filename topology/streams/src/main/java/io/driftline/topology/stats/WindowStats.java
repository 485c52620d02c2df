package io.driftline.topology.stats;

import io.driftline.models.drift.ChallengerComparison;
import io.driftline.models.drift.PerformanceStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one model version over one event-time window, as one task keeps them for its partition or as
 * the merge stage adds them up: every tracked feature (in manifest order), the prediction score, the predicted
 * labels, and the performance on the predictions whose labels arrived in the window. Mutable; one stream thread owns it.
 */
final class WindowStats {

    private final String model;
    private final String version;
    private final boolean shadow;
    private final long windowStart;
    private final long windowEnd;
    private final List<FeatureStats> features;
    private final NumericStats score;
    private final Map<String, Long> labels;
    private long events;
    private final PerformanceStats performance;
    private final ChallengerComparison comparison;

    /**
     * @param features one entry per tracked feature, in manifest order
     * @param score    the score's statistics, or null when the reference profile has no score to compare with
     */
    WindowStats(String model, String version, boolean shadow, long windowStart, long windowEnd,
            List<FeatureStats> features, NumericStats score, Map<String, Long> labels, long events,
            PerformanceStats performance) {
        this(model, version, shadow, windowStart, windowEnd, features, score, labels, events, performance,
                shadow ? new ChallengerComparison() : null);
    }

    /** @param comparison a shadow's comparison with its champion on the same events; null for a champion */
    WindowStats(String model, String version, boolean shadow, long windowStart, long windowEnd,
            List<FeatureStats> features, NumericStats score, Map<String, Long> labels, long events,
            PerformanceStats performance, ChallengerComparison comparison) {
        this.comparison = comparison;
        this.model = model;
        this.version = version;
        this.shadow = shadow;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.features = List.copyOf(features);
        this.score = score;
        this.labels = new LinkedHashMap<>(labels);
        this.events = events;
        this.performance = performance;
    }

    /** Counts one event (its features and score go through the layout). */
    void countEvent(String label) {
        events++;
        if (label != null) {
            labels.merge(label, 1L, Long::sum);
        }
    }

    /** Empty statistics of the same model version, window and features: a delta to count into. */
    WindowStats emptyCopy() {
        List<FeatureStats> empty = new java.util.ArrayList<>(features.size());
        for (FeatureStats feature : features) {
            empty.add(feature.emptyCopy());
        }
        return new WindowStats(model, version, shadow, windowStart, windowEnd, empty,
                score == null ? null : score.emptyCopy(), Map.of(), 0, new PerformanceStats(),
                comparison == null ? null : new ChallengerComparison());
    }

    /** Adds another task's statistics of the same model version and window. */
    void merge(WindowStats other) {
        if (!other.key().equals(key()) || other.features.size() != features.size()
                || (other.score == null) != (score == null)) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.key() + " with "
                    + other.features.size() + " features into " + key() + " with " + features.size());
        }
        for (int i = 0; i < features.size(); i++) {
            if (!features.get(i).name().equals(other.features.get(i).name())) {
                throw new IllegalArgumentException(key() + ": feature " + i + " is '" + features.get(i).name()
                        + "' here and '" + other.features.get(i).name() + "' in the other statistics");
            }
            features.get(i).merge(other.features.get(i));
        }
        if (score != null) {
            score.merge(other.score);
        }
        other.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
        events += other.events;
        performance.merge(other.performance);
        if (comparison != null && other.comparison != null) {
            comparison.merge(other.comparison);
        }
    }

    /** A shadow's comparison with its champion on the same events; null for a champion's window. */
    ChallengerComparison comparison() {
        return comparison;
    }

    WindowKey key() {
        return new WindowKey(model, version, windowStart);
    }

    String model() {
        return model;
    }

    String version() {
        return version;
    }

    boolean shadow() {
        return shadow;
    }

    long windowStart() {
        return windowStart;
    }

    /** Exclusive. */
    long windowEnd() {
        return windowEnd;
    }

    List<FeatureStats> features() {
        return features;
    }

    /** The score's statistics, or null. */
    NumericStats score() {
        return score;
    }

    Map<String, Long> labels() {
        return Collections.unmodifiableMap(labels);
    }

    /** Performance on the predictions of this version whose labels arrived in the window. */
    PerformanceStats performance() {
        return performance;
    }

    /** Events (predictions of this version) in the window. */
    long events() {
        return events;
    }

    @Override
    public String toString() {
        return "WindowStats[" + key() + ", " + events + " events]";
    }
}

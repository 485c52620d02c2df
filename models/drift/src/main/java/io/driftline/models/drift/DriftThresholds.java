package io.driftline.models.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thresholds of the drift metrics, per metric of a {@link DriftMetrics} registry and keyed by metric id, plus the
 * multiple-testing correction and the minimum sample size that all metrics share.
 *
 * <p>Every metric has two {@link Levels} on its effect size (see {@link Metric#effectSize()}): crossing the warn
 * level is drift ({@link Severity#WARN}), crossing the alert level too is critical drift ({@link Severity#ALERT}).
 * A test ({@link DriftMetric.Type#TEST}: KS, chi-square, missing rate) is drift only when its corrected p-value is
 * also below its alpha: the p-value measures the evidence that something changed, not how much, so with large
 * windows a test flags changes too small to matter, and with small ones only large changes can be significant. The
 * grade therefore comes from the effect size, and the p-value only gates it.
 *
 * <p>The defaults are each metric's own ({@link DriftMetric#defaultLevels()}, {@link DriftMetric#defaultAlpha()},
 * each explained on the metric's class), set by the detector benchmark (the {@code loadtest} module): a report's
 * family of tests must give fewer than one false alarm per 1,000 stationary windows of 2,000 events and still catch
 * a quarter-deviation mean shift of one feature in 20 in the first window. That is why the tests' alphas are 1e-4
 * and Wasserstein-1 warns from 0.2. A warn level on a test's effect size defaults to 0: every significant test is
 * drift. The default alert levels aim at a change that matters to most models.
 *
 * @param metrics the registry the settings belong to
 * @param settings each registered metric's settings, by id, in registry order
 * @param correction correction of the p-values across all tests of a window (default Holm)
 * @param minSampleSize fewer events than this in a window, and a feature is not tested; fewer present values, and
 *     only the metrics that need no present values are (the missing rate; default 100)
 * @param minExpectedCount floor on the chi-square test's expected counts (default 0.5, see {@link ChiSquare})
 */
public record DriftThresholds(DriftMetrics metrics, Map<String, MetricSettings> settings, Correction correction,
        long minSampleSize, double minExpectedCount) {

    /**
     * The two levels of one metric's effect size: at or above {@code warn} is drift, at or above {@code alert}
     * critical drift.
     *
     * @param warn drift level; 0 for a test means every significant test is drift
     * @param alert critical level, at least {@code warn}
     */
    public record Levels(double warn, double alert) {

        /** Checks that both are finite, not negative, alert positive and not below warn. */
        public Levels {
            if (!(warn >= 0) || Double.isInfinite(warn)) {
                throw new IllegalArgumentException("warn level must be >= 0 and finite: " + warn);
            }
            if (!(alert > 0) || Double.isInfinite(alert)) {
                throw new IllegalArgumentException("alert level must be positive and finite: " + alert);
            }
            if (warn > alert) {
                throw new IllegalArgumentException("warn level must not exceed the alert level " + alert + ": "
                        + warn);
            }
        }

        /** The grade of an effect size: NONE below warn, WARN from warn, ALERT from alert. */
        Severity grade(double effect) {
            if (effect >= alert) {
                return Severity.ALERT;
            }
            return effect >= warn ? Severity.WARN : Severity.NONE;
        }
    }

    /**
     * One metric's settings.
     *
     * @param enabled whether the metric runs; a disabled one is neither reported nor part of the correction's family
     * @param levels warn and alert levels of its effect size
     * @param alpha a test's alpha, which its corrected p-value must be below; null for a distance
     */
    public record MetricSettings(boolean enabled, Levels levels, Double alpha) {

        /** Checks that the levels are set. */
        public MetricSettings {
            if (levels == null) {
                throw new IllegalArgumentException("levels must be set: null");
            }
        }

        /** A metric's defaults. */
        public static MetricSettings defaults(DriftMetric metric) {
            return new MetricSettings(metric.enabledByDefault(), metric.defaultLevels(),
                    metric.type() == DriftMetric.Type.TEST ? metric.defaultAlpha() : null);
        }

        /** These settings with other levels. */
        public MetricSettings withLevels(Levels newLevels) {
            return new MetricSettings(enabled, newLevels, alpha);
        }
    }

    /** Checks that every registered metric, and only those, has settings that fit its type; copies the map. */
    public DriftThresholds {
        if (metrics == null || settings == null) {
            throw new IllegalArgumentException("metrics and settings must be set: " + metrics + ", " + settings);
        }
        Map<String, MetricSettings> ordered = new LinkedHashMap<>();
        for (DriftMetric metric : metrics.all()) {
            MetricSettings s = settings.get(metric.id());
            if (s == null) {
                throw new IllegalArgumentException(metric.id() + " settings must be set: null");
            }
            check(metric, s);
            ordered.put(metric.id(), s);
        }
        for (String id : settings.keySet()) {
            if (!ordered.containsKey(id)) {
                throw new IllegalArgumentException("settings for an unregistered metric: " + id);
            }
        }
        settings = Collections.unmodifiableMap(ordered);
        if (correction == null) {
            throw new IllegalArgumentException("correction must be set: null");
        }
        if (minSampleSize < 1) {
            throw new IllegalArgumentException("minSampleSize must be >= 1: " + minSampleSize);
        }
        if (!(minExpectedCount > 0) || Double.isInfinite(minExpectedCount)) {
            throw new IllegalArgumentException("minExpectedCount must be positive and finite: " + minExpectedCount);
        }
    }

    /** The defaults of the standard metrics: each metric's own, Holm, at least 100 events. */
    public static DriftThresholds defaults() {
        return defaults(DriftMetrics.standard());
    }

    /** The defaults of a registry's metrics: each metric's own, Holm, at least 100 events. */
    public static DriftThresholds defaults(DriftMetrics metrics) {
        Map<String, MetricSettings> settings = new LinkedHashMap<>();
        for (DriftMetric metric : metrics.all()) {
            settings.put(metric.id(), MetricSettings.defaults(metric));
        }
        return new DriftThresholds(metrics, settings, Correction.HOLM, 100, ChiSquare.DEFAULT_MIN_EXPECTED);
    }

    /** These thresholds with another correction. */
    public DriftThresholds withCorrection(Correction newCorrection) {
        return new DriftThresholds(metrics, settings, newCorrection, minSampleSize, minExpectedCount);
    }

    /** These thresholds with another minimum sample size. */
    public DriftThresholds withMinSampleSize(long newMinSampleSize) {
        return new DriftThresholds(metrics, settings, correction, newMinSampleSize, minExpectedCount);
    }

    /** These thresholds with other settings for one registered metric. */
    public DriftThresholds withSettings(String metric, MetricSettings newSettings) {
        metrics.get(metric);
        Map<String, MetricSettings> changed = new LinkedHashMap<>(settings);
        changed.put(metric, newSettings);
        return new DriftThresholds(metrics, changed, correction, minSampleSize, minExpectedCount);
    }

    /** These thresholds with other levels for one metric (one of the ids of {@link #metrics()}). */
    public DriftThresholds withLevels(String metric, Levels levels) {
        return withSettings(metric, settings(metric).withLevels(levels));
    }

    /** These thresholds with another alpha for one test. */
    public DriftThresholds withAlpha(String metric, double alpha) {
        MetricSettings s = settings(metric);
        return withSettings(metric, new MetricSettings(s.enabled(), s.levels(), alpha));
    }

    /** These thresholds with one metric turned on or off. */
    public DriftThresholds withEnabled(String metric, boolean enabled) {
        MetricSettings s = settings(metric);
        return withSettings(metric, new MetricSettings(enabled, s.levels(), s.alpha()));
    }

    /** A metric's settings. */
    public MetricSettings settings(String metric) {
        MetricSettings s = settings.get(metric);
        if (s == null) {
            throw new IllegalArgumentException("unknown metric: " + metric);
        }
        return s;
    }

    /** A metric's levels. */
    public Levels levels(String metric) {
        return settings(metric).levels();
    }

    /** A test's alpha. */
    public double alpha(String metric) {
        Double alpha = settings(metric).alpha();
        if (alpha == null) {
            throw new IllegalArgumentException(metric + " is a distance: no alpha");
        }
        return alpha;
    }

    /** Whether a metric runs. */
    public boolean enabled(String metric) {
        return settings(metric).enabled();
    }

    /** The metrics that run, in registry (report) order. */
    public List<DriftMetric> enabledMetrics() {
        return metrics.all().stream().filter(m -> settings.get(m.id()).enabled()).toList();
    }

    /**
     * The threshold that decides drift ({@link Severity#WARN} or worse) as reports have always shown it: a
     * distance's warn level, or a test's alpha.
     */
    public double threshold(String metric) {
        MetricSettings s = settings(metric);
        return s.alpha() != null ? s.alpha() : s.levels().warn();
    }

    /** The severity of a metric's effect size, for a test only when its corrected p-value is below alpha. */
    Severity severity(String metric, double effectSize, Double adjustedPValue) {
        if (adjustedPValue != null && !(adjustedPValue < threshold(metric))) {
            return Severity.NONE;
        }
        return levels(metric).grade(effectSize);
    }

    private static void check(DriftMetric metric, MetricSettings s) {
        if (metric.type() == DriftMetric.Type.TEST) {
            if (s.alpha() == null || !(s.alpha() > 0 && s.alpha() < 1)) {
                throw new IllegalArgumentException(metric.id() + " alpha must be in (0, 1): " + s.alpha());
            }
            return;
        }
        if (s.alpha() != null) {
            throw new IllegalArgumentException(metric.id() + " is a distance and takes no alpha: " + s.alpha());
        }
        // A distance with a warn level of 0 would call every window drift.
        if (!(s.levels().warn() > 0)) {
            throw new IllegalArgumentException(metric.id() + " warn level must be positive: " + s.levels().warn());
        }
    }
}

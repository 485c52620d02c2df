package io.driftline.topology.alert;

import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.Severity;
import io.driftline.models.drift.DriftMetric;
import io.driftline.models.drift.DriftMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What one window's drift report says about one subject (a feature or the score): its most severe metric, the
 * grade of that metric, and what it means for an alert: {@link Severity#CRITICAL} when some metric reached its
 * alert level, else {@link Severity#WARNING}.
 *
 * @param metric the explaining metric: the most severe one, ties broken by a fixed order of metrics; for a clean
 *     window the first metric; null when the subject had no metrics
 * @param grade the explaining metric's grade
 */
record DriftEvidence(MetricResult metric, MetricSeverity grade) {

    /**
     * The tie-break: the registered drift metrics, distances before tests (a distance says how far, a test only
     * that something moved), each in registry order; then the performance metrics. For the standard metrics psi,
     * js_distance, wasserstein, then chi_square, ks, missing_rate (chi-square and KS never meet in one feature).
     */
    private static final List<String> METRIC_ORDER = Stream.concat(Stream.concat(
            ids(DriftMetric.Type.DISTANCE), ids(DriftMetric.Type.TEST)),
            Stream.of("auc", "accuracy", "log_loss", "rmse", "mae")).toList();

    static DriftEvidence of(FeatureDrift feature) {
        return of(feature.getMetrics());
    }

    /** The evidence of a subject's metrics in one window. */
    static DriftEvidence of(List<MetricResult> metrics) {
        MetricResult worst = metrics.stream()
                .min(Comparator.comparing((MetricResult m) -> grade(m), Comparator.reverseOrder())
                        .thenComparingInt(m -> order(m.getMetric())))
                .orElse(null);
        return new DriftEvidence(worst, worst == null ? MetricSeverity.NONE : grade(worst));
    }

    /**
     * A metric's grade; a drifted metric from a report written before grades existed (severity NONE by default)
     * counts as WARN.
     */
    static MetricSeverity grade(MetricResult metric) {
        if (metric.getSeverity() == MetricSeverity.NONE && metric.getDrifted()) {
            return MetricSeverity.WARN;
        }
        return metric.getSeverity();
    }

    boolean critical() {
        return grade == MetricSeverity.ALERT;
    }

    Severity severity() {
        return critical() ? Severity.CRITICAL : Severity.WARNING;
    }

    /** The threshold the explaining metric crossed: its alert level when critical, else its drift threshold. */
    Double thresholdCrossed() {
        if (metric == null) {
            return null;
        }
        return critical() && metric.getAlertThreshold() != null ? metric.getAlertThreshold() : metric.getThreshold();
    }

    /** The explaining metric in words, with the level it reached, e.g. "psi 0.61 at or above its alert level 0.5". */
    String describe() {
        if (metric == null) {
            return "no metric";
        }
        MetricResult m = metric;
        StringBuilder text = new StringBuilder(format("%s %.4g", m.getMetric(), m.getValue()));
        if (m.getEffectSize() != null && m.getEffectSize() != m.getValue()) {
            text.append(format(" (effect size %.4g)", m.getEffectSize()));
        }
        if (m.getWarnThreshold() == null || m.getAlertThreshold() == null) {
            return text.append(format(" (threshold %.4g)", m.getThreshold())).toString();
        }
        switch (grade) {
            case ALERT -> text.append(format(" at or above its alert level %.4g (critical)", m.getAlertThreshold()));
            case WARN -> text.append(m.getWarnThreshold() > 0 || m.getPValue() == null
                    ? format(" at or above its warn level %.4g, below its alert level %.4g", m.getWarnThreshold(),
                            m.getAlertThreshold())
                    : format(", below its alert level %.4g", m.getAlertThreshold()));
            case NONE -> text.append(format(" below its warn level %.4g", m.getWarnThreshold()));
        }
        if (m.getPValue() != null) {
            text.append(format("; corrected p-value %.3g %s alpha %.4g", m.getPValue(),
                    m.getPValue() < m.getThreshold() ? "below" : "not below", m.getThreshold()));
        }
        return text.toString();
    }

    private static Stream<String> ids(DriftMetric.Type type) {
        return DriftMetrics.standard().all().stream().filter(m -> m.type() == type).map(DriftMetric::id);
    }

    private static int order(String metric) {
        int i = METRIC_ORDER.indexOf(metric);
        return i < 0 ? METRIC_ORDER.size() : i;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

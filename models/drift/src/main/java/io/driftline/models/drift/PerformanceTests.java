package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Judges a window's performance on labelled predictions against the reference performance the bundle carries
 * (measured on held-out data when the model was trained): a metric has fallen when it is worse than the reference
 * by at least its threshold, an absolute drop for accuracy and AUC (both in [0, 1]) and a relative rise for the
 * errors (log-loss, MAE, RMSE, whose scale depends on the model); that degradation is the metric's effect size,
 * graded WARN from the threshold and ALERT (critical) from {@value #CRITICAL_FACTOR} times it. The metric's
 * {@code threshold} is the value itself that marks the fall (reference less the drop, or reference times 1 plus the
 * rise). A fall must also be significant: a one-sided z-test of "no worse than the reference" with a p-value below
 * {@link Thresholds#alpha()}, so that the sampling noise of a window's metric does not page anyone. A window with fewer labelled predictions than
 * the minimum gets no verdict, and AUC none unless it has {@link Thresholds#minPerClass} of each class; a metric the
 * reference lacks is reported with no verdict (threshold NaN).
 */
public final class PerformanceTests {

    /** Share of correct predicted labels. */
    public static final String ACCURACY = "accuracy";
    /** Mean negative log-probability of the true class. */
    public static final String LOG_LOSS = "log_loss";
    /** Area under the ROC curve of the positive-class score. */
    public static final String AUC = "auc";
    /** Mean absolute error (regression). */
    public static final String MAE = "mae";
    /** Root mean squared error (regression). */
    public static final String RMSE = "rmse";

    /**
     * When performance counts as fallen.
     *
     * @param minLabelled     fewer labelled predictions in a window and no metric is judged (default 100)
     * @param minPerClass     fewer positives or negatives and AUC is not judged (default 10)
     * @param accuracyDrop    accuracy this far below the reference has fallen (default 0.05)
     * @param aucDrop         AUC this far below the reference has fallen (default 0.05)
     * @param errorRise       log-loss, MAE or RMSE this share above the reference has risen (default 0.25)
     * @param alpha           and only when a one-sided test of "no worse than the reference" has a p-value below
     *                        this (default 0.001, as the drift tests): a window's metric varies with its sample, the
     *                        log-loss of a rare-event model a lot (a few missed frauds move it by a fifth)
     */
    public record Thresholds(long minLabelled, long minPerClass, double accuracyDrop, double aucDrop,
            double errorRise, double alpha) {

        public Thresholds {
            if (minLabelled < 1 || minPerClass < 1) {
                throw new IllegalArgumentException("minimum counts must be >= 1: " + minLabelled + ", " + minPerClass);
            }
            for (double value : new double[] {accuracyDrop, aucDrop, errorRise}) {
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("performance thresholds must be positive and finite: " + value);
                }
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("performance alpha must be in (0, 1): " + alpha);
            }
        }

        /** The defaults above. */
        public static Thresholds defaults() {
            return new Thresholds(100, 10, 0.05, 0.05, 0.25, 0.001);
        }
    }

    /** A metric this many times its threshold worse than the reference is critical. */
    public static final double CRITICAL_FACTOR = 2;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private final Thresholds thresholds;

    public PerformanceTests(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * The one-sided p-value of the window being no worse than the reference: a z-test with the standard error of
     * the window's metric (accuracy's from the reference accuracy, AUC's from Hanley and McNeil's formula at the
     * reference AUC with the window's class counts; the errors' from the window's own spread). NaN when the
     * standard error is unknown or zero: the metric is then judged on its effect size alone.
     */
    private static double pValue(String name, double value, double ref, PerformanceStats window) {
        double se = switch (name) {
            case ACCURACY -> Math.sqrt(ref * (1 - ref) / window.count());
            case AUC -> hanleyMcNeil(ref, window.positives(), window.negatives());
            default -> window.standardError(name);
        };
        if (!(se > 0) || Double.isInfinite(se)) {
            return Double.NaN;
        }
        boolean higherIsBetter = name.equals(ACCURACY) || name.equals(AUC);
        double z = (higherIsBetter ? ref - value : value - ref) / se;
        return STANDARD_NORMAL.survivalProbability(z);
    }

    /** Standard error of an AUC of {@code a} with these class counts (Hanley and McNeil, 1982). */
    private static double hanleyMcNeil(double a, long positives, long negatives) {
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        double variance = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0, variance));
    }

    /**
     * The window's performance metrics, each with its verdict.
     *
     * @param reference the reference value per metric name (empty when the bundle has none)
     */
    public List<Metric> evaluate(PerformanceStats window, Map<String, Double> reference) {
        List<Metric> out = new ArrayList<>();
        boolean enough = window.count() >= thresholds.minLabelled();
        boolean enoughClasses = window.positives() >= thresholds.minPerClass()
                && window.negatives() >= thresholds.minPerClass();
        window.values().forEach((name, value) -> {
            Double ref = reference.get(name);
            boolean higherIsBetter = name.equals(ACCURACY) || name.equals(AUC);
            double warn = switch (name) {
                case ACCURACY -> thresholds.accuracyDrop();
                case AUC -> thresholds.aucDrop();
                default -> thresholds.errorRise();
            };
            DriftThresholds.Levels levels = new DriftThresholds.Levels(warn, CRITICAL_FACTOR * warn);
            boolean judged = enough && ref != null && (!name.equals(AUC) || enoughClasses);
            if (!judged) {
                out.add(new Metric(name, value, null, null, Double.NaN, Double.NaN, levels, Severity.NONE));
                return;
            }
            // The effect is how much worse than the reference: an absolute drop, or a relative rise of an error.
            double effect = higherIsBetter ? ref - value : (value - ref) / ref;
            double threshold = higherIsBetter ? ref - warn : ref * (1 + warn);
            double pValue = pValue(name, value, ref, window);
            Severity grade = Double.isNaN(pValue) || pValue < thresholds.alpha() ? levels.grade(effect) : Severity.NONE;
            out.add(new Metric(name, value, Double.isNaN(pValue) ? null : pValue, Double.isNaN(pValue) ? null : pValue,
                    threshold, effect, levels, grade));
        });
        return out;
    }
}

package io.driftline.topology.promote;

import io.driftline.ChallengerComparison;

/**
 * When a challenger (shadow) is promoted without a person: never ({@code manual}, the default: {@code driftline
 * model promote}), or ({@code auto}) after {@code windows} consecutive windows in each of which, on at least
 * {@code minLabelled} labelled events both scored, it is not worse than its champion's accuracy by more than
 * {@code margin}, with significance {@code alpha} (the one-sided non-inferiority test of paired proportions).
 * Regression models are promoted by hand only.
 */
public record PromotionPolicy(boolean auto, int windows, double margin, double alpha, long minLabelled,
                              java.util.Set<String> models) {

    /** Every model under the same policy. */
    public PromotionPolicy(boolean auto, int windows, double margin, double alpha, long minLabelled) {
        this(auto, windows, margin, alpha, minLabelled, java.util.Set.of());
    }

    public PromotionPolicy {
        models = java.util.Set.copyOf(models);
        if (windows < 1) {
            throw new IllegalArgumentException("promotion windows must be >= 1: " + windows);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("promotion margin must be >= 0 and < 1: " + margin);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("promotion alpha must be > 0 and < 1: " + alpha);
        }
    }

    /** Manual promotion only. */
    public static PromotionPolicy manual() {
        return new PromotionPolicy(false, 3, 0.01, 0.05, 100);
    }

    /** Whether {@code model} is promoted automatically: auto, and among {@code models} (empty: every model). */
    public boolean appliesTo(String model) {
        return auto && (models.isEmpty() || models.contains(model));
    }

    /** The one-sided p-value that the challenger is worse by more than the margin; NaN when it cannot be judged. */
    public double pValue(ChallengerComparison comparison) {
        if (comparison == null || !"accuracy".equals(comparison.getPerformanceMetric())
                || comparison.getPairedLabelled() < minLabelled) {
            return Double.NaN;
        }
        return io.driftline.models.drift.ChallengerComparison.nonInferiorityPValue(comparison.getPairedLabelled(),
                comparison.getChampionOnlyCorrect(), comparison.getChallengerOnlyCorrect(), margin);
    }

    /** Whether the window counts towards a promotion. */
    public boolean passes(ChallengerComparison comparison) {
        double p = pValue(comparison);
        return !Double.isNaN(p) && p < alpha;
    }
}

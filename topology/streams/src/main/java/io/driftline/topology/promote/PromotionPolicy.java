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
                              java.util.Set<String> models, java.util.Map<String, PromotionPolicy> perModel) {

    /** Every model under the same policy. */
    public PromotionPolicy(boolean auto, int windows, double margin, double alpha, long minLabelled) {
        this(auto, windows, margin, alpha, minLabelled, java.util.Set.of(), java.util.Map.of());
    }

    /** The policy for the models in {@code models} (empty: every model). */
    public PromotionPolicy(boolean auto, int windows, double margin, double alpha, long minLabelled,
                           java.util.Set<String> models) {
        this(auto, windows, margin, alpha, minLabelled, models, java.util.Map.of());
    }

    public PromotionPolicy {
        models = java.util.Set.copyOf(models);
        perModel = java.util.Map.copyOf(perModel);
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

    /** The policy of {@code model}: its own ({@code promotion.model.<name>.*}) when it has one, else this. */
    public PromotionPolicy forModel(String model) {
        return perModel.getOrDefault(model, this);
    }

    /**
     * Whether {@code model} is promoted automatically: its own policy says auto, or it has none and this one is
     * auto and lists it among {@code models} (empty: every model).
     */
    public boolean appliesTo(String model) {
        PromotionPolicy own = perModel.get(model);
        if (own != null) {
            return own.auto;
        }
        return auto && (models.isEmpty() || models.contains(model));
    }

    /** Whether any model may be promoted automatically (else the stage is left out of the topology). */
    public boolean anyAuto() {
        return auto || perModel.values().stream().anyMatch(PromotionPolicy::auto);
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

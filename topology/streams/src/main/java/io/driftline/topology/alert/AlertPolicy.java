package io.driftline.topology.alert;

/**
 * When a drift alert opens and resolves: OPEN after {@code openAfter} consecutive drifted windows of a subject,
 * RESOLVED after {@code resolveAfter} consecutive clean ones (hysteresis, so one noisy window neither opens nor
 * closes an alert). Windows without enough data for a verdict change nothing.
 */
public record AlertPolicy(int openAfter, int resolveAfter) {

    public AlertPolicy {
        if (openAfter < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("openAfter and resolveAfter must be >= 1: " + openAfter + ", " + resolveAfter);
        }
    }

    /** Two drifted windows open, two clean ones resolve. */
    public static AlertPolicy defaults() {
        return new AlertPolicy(2, 2);
    }
}

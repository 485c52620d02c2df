package io.driftline.topology.retrain;

import java.time.Duration;

/**
 * When to ask for a retrain: after {@code afterWindows} consecutive windows in which any feature of a model
 * version drifted, at most once per {@code cooldown} of event time per model. Event time, not wall-clock time,
 * so that replaying the same reports after a restart decides the same way.
 */
public record RetrainPolicy(int afterWindows, Duration cooldown) {

    public RetrainPolicy {
        if (afterWindows < 1) {
            throw new IllegalArgumentException("afterWindows must be >= 1: " + afterWindows);
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0: " + cooldown);
        }
    }

    /** Three drifted windows in a row; at most one request per model per six hours. */
    public static RetrainPolicy defaults() {
        return new RetrainPolicy(3, Duration.ofHours(6));
    }
}

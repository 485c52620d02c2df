package io.driftline.topology.score;

import java.time.Duration;
import java.util.Objects;

/**
 * How the score stage gathers live events into batches: one model run per model for up to {@code maxRecords}
 * events, gathered for at most {@code maxWait} (wall clock), and always scored and forwarded before the task
 * commits (see {@link io.driftline.topology.state.CommitHook}), so a batch never spans a commit.
 *
 * @param maxRecords events per batch, at least 1 (1: every event is scored as it arrives)
 * @param maxWait    longest an event waits for its batch to fill, positive
 */
public record ScoreBatching(int maxRecords, Duration maxWait) {

    /** 256 events (where ONNX Runtime's cost per row has flattened for the demo model) or 50 ms. */
    public static final ScoreBatching DEFAULT = new ScoreBatching(256, Duration.ofMillis(50));

    public ScoreBatching {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("a batch holds at least one event: " + maxRecords);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the batch wait must be positive: " + maxWait);
        }
    }
}

package io.driftline.topology.stats;

import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.PerformanceTests;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * Settings of the window statistics and drift report stage.
 *
 * @param enabled         false leaves the stage out of the topology
 * @param windowSize      event-time tumbling window size
 * @param grace           how far behind a task's stream time an event may be and still count in its window; a
 *                        window closes when stream time reaches its end plus this
 * @param idleClose       how long a task may see no events before its windows close on wall-clock time (a
 *                        partition that goes quiet never advances stream time), and, twice over, how long the
 *                        merge waits for partials that have not arrived
 * @param thresholds      drift thresholds, correction and minimum sample size
 * @param inputPartitions the number of input partitions, that is of tasks that send partials; 0 when unknown
 * @param performance     when performance on labelled predictions counts as fallen
 * @param hop             how far apart windows start: null (or the window size) for tumbling windows, less for
 *                        hopping ones, which overlap so that each event counts in {@code size / hop} windows and a
 *                        report comes every hop; must divide the size
 * @param inputProgress   whether the input partitions are read to their end: windows close on wall-clock time,
 *                        and the merge gives up waiting, only when they are
 */
public record StatsSettings(boolean enabled, Duration windowSize, Duration grace, Duration idleClose,
                            DriftThresholds thresholds, IntSupplier inputPartitions,
                            PerformanceTests.Thresholds performance, Duration hop, InputProgress inputProgress) {

    /** Checks every value. */
    public StatsSettings {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(performance, "performance");
        Objects.requireNonNull(inputPartitions, "inputPartitions");
        Objects.requireNonNull(inputProgress, "inputProgress");
        if (windowSize == null || windowSize.toMillis() < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms: " + windowSize);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0: " + grace);
        }
        if (idleClose == null || idleClose.toMillis() < 1) {
            throw new IllegalArgumentException("idle close must be at least 1 ms: " + idleClose);
        }
        if (hop != null && (hop.toMillis() < 1 || hop.toMillis() > windowSize.toMillis()
                || windowSize.toMillis() % hop.toMillis() != 0)) {
            throw new IllegalArgumentException("hop must be at least 1 ms and divide the window size "
                    + windowSize.toMillis() + " ms: " + hop.toMillis() + " ms");
        }
    }

    /** These settings with inputs taken as always read to their end (as under TopologyTestDriver). */
    public StatsSettings(boolean enabled, Duration windowSize, Duration grace, Duration idleClose,
                         DriftThresholds thresholds, IntSupplier inputPartitions, PerformanceTests.Thresholds performance,
                         Duration hop) {
        this(enabled, windowSize, grace, idleClose, thresholds, inputPartitions, performance, hop,
                InputProgress.always());
    }

    /** These settings with tumbling windows. */
    public StatsSettings(boolean enabled, Duration windowSize, Duration grace, Duration idleClose,
                         DriftThresholds thresholds, IntSupplier inputPartitions, PerformanceTests.Thresholds performance) {
        this(enabled, windowSize, grace, idleClose, thresholds, inputPartitions, performance, null);
    }

    /** How far apart windows start: the window size for tumbling windows. */
    @Override
    public Duration hop() {
        return hop == null ? windowSize : hop;
    }

    /** These settings with the default performance thresholds. */
    public StatsSettings(boolean enabled, Duration windowSize, Duration grace, Duration idleClose,
                         DriftThresholds thresholds, IntSupplier inputPartitions) {
        this(enabled, windowSize, grace, idleClose, thresholds, inputPartitions, PerformanceTests.Thresholds.defaults());
    }

    /**
     * Enabled; one-minute windows, 10 s grace, 30 s idle allowance, default thresholds, and an unknown partition
     * count (every merge then waits out the idle allowance; the service passes the events topic's count).
     */
    public static StatsSettings defaults() {
        return new StatsSettings(true, Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(30),
                DriftThresholds.defaults(), () -> 0);
    }

    /** The same with other (tumbling) windows. */
    public StatsSettings withWindows(Duration newSize, Duration newGrace, Duration newIdleClose) {
        return new StatsSettings(enabled, newSize, newGrace, newIdleClose, thresholds, inputPartitions, performance,
                null, inputProgress);
    }

    /** The same with other thresholds. */
    public StatsSettings withThresholds(DriftThresholds newThresholds) {
        return new StatsSettings(enabled, windowSize, grace, idleClose, newThresholds, inputPartitions, performance, hop, inputProgress);
    }

    /** The same with another source of the input partition count. */
    public StatsSettings withInputPartitions(IntSupplier newInputPartitions) {
        return new StatsSettings(enabled, windowSize, grace, idleClose, thresholds, newInputPartitions, performance, hop, inputProgress);
    }

    /** The same with windows starting every {@code newHop} (null or the window size: tumbling). */
    public StatsSettings withHop(Duration newHop) {
        return new StatsSettings(enabled, windowSize, grace, idleClose, thresholds, inputPartitions, performance, newHop, inputProgress);
    }

    /** The same, switched on or off. */
    public StatsSettings withEnabled(boolean on) {
        return new StatsSettings(on, windowSize, grace, idleClose, thresholds, inputPartitions, performance, hop,
                inputProgress);
    }

    /** The same with another source of whether the inputs are read to their end. */
    public StatsSettings withInputProgress(InputProgress newInputProgress) {
        return new StatsSettings(enabled, windowSize, grace, idleClose, thresholds, inputPartitions, performance, hop,
                newInputProgress);
    }

    /** How long the merge waits, after a window's first partial, for the others before reporting without them. */
    public Duration mergeWait() {
        return idleClose.multipliedBy(2);
    }

    /**
     * How often tasks check for idle windows and the merge for overdue ones: often enough that the idle allowance
     * is kept to within a quarter, at most every 5 s, at least every 100 ms.
     */
    public Duration punctuationInterval() {
        long quarter = Math.min(idleClose.toMillis(), hop().toMillis()) / 4;
        return Duration.ofMillis(Math.max(100, Math.min(5_000, quarter)));
    }
}

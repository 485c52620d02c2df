package io.driftline.topology.label;

import io.driftline.models.drift.PageHinkley;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the label join, the performance statistics and the concept drift detector.
 *
 * @param enabled      false leaves labels out of the topology (no predictions are repartitioned for the join)
 * @param maxDelay     how long after its prediction a label may arrive and still join (and before it: clocks of
 *                     the two producers may differ); the join keeps predictions this long, twice over, plus grace
 * @param grace        how late, behind the join's stream time, a prediction or a label may arrive
 * @param detector     settings of the Page-Hinkley test on each model version's per-event error
 * @param conceptQuiet a CONCEPT_DRIFT alert resolves once no detector has signalled for this long
 */
public record LabelSettings(boolean enabled, Duration maxDelay, Duration grace, PageHinkley.Settings detector,
                            Duration conceptQuiet) {

    public LabelSettings {
        Objects.requireNonNull(detector, "detector");
        if (maxDelay == null || maxDelay.toMillis() < 1) {
            throw new IllegalArgumentException("label max delay must be at least 1 ms: " + maxDelay);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("label join grace must be >= 0: " + grace);
        }
        if (conceptQuiet == null || conceptQuiet.toMillis() < 1) {
            throw new IllegalArgumentException("concept drift quiet period must be at least 1 ms: " + conceptQuiet);
        }
    }

    /** Off; when switched on: labels up to an hour late, one minute of grace, the test's defaults, 10 quiet minutes. */
    public static LabelSettings disabled() {
        return new LabelSettings(false, Duration.ofHours(1), Duration.ofMinutes(1), PageHinkley.Settings.defaults(),
                Duration.ofMinutes(10));
    }

    /** The same, switched on or off. */
    public LabelSettings withEnabled(boolean on) {
        return new LabelSettings(on, maxDelay, grace, detector, conceptQuiet);
    }

    /** The same with another maximum delay and grace. */
    public LabelSettings withDelay(Duration newMaxDelay, Duration newGrace) {
        return new LabelSettings(enabled, newMaxDelay, newGrace, detector, conceptQuiet);
    }

    /** The same with another detector and quiet period. */
    public LabelSettings withDetector(PageHinkley.Settings newDetector, Duration newQuiet) {
        return new LabelSettings(enabled, maxDelay, grace, newDetector, newQuiet);
    }
}

package io.driftline.loadtest;

import java.util.HashSet;
import java.util.Set;

/**
 * A rule that says, for each window of a run, which features it fires on (none: silent). The two real levels read
 * the topology's output; the two baselines bound what any detector can score on the same scenarios.
 */
enum Detector {
    /** A drift report with {@code drifted} true, firing on the features it flags. */
    REPORT("report"),
    /** A DATA_DRIFT alert that opens on the window's report (by default after 2 drifted windows in a row). */
    ALERT("alert"),
    /** Baseline: fires on every window and every feature. */
    ALWAYS("always-fire"),
    /** Baseline: never fires. */
    NEVER("never-fire");

    private final String label;

    Detector(String label) {
        this.label = label;
    }

    /** Short name for the results table. */
    String label() {
        return label;
    }

    /** The features this detector fires on in {@code window} of the run; empty when it stays silent. */
    Set<String> fired(RunTrace trace, int window) {
        return switch (this) {
            case REPORT -> trace.flagged().get(window);
            case ALERT -> trace.alertsOpened().get(window);
            case ALWAYS -> everything();
            case NEVER -> Set.of();
        };
    }

    private static Set<String> everything() {
        Set<String> all = new HashSet<>(SyntheticData.featureNames());
        all.add(RunTrace.SCORE);
        return all;
    }
}

package io.driftline.devkit.demo;

import java.time.Duration;

/** Durations as the demo's flags take them and its console writes them: {@code 90s}, {@code 2m}, {@code 1m30s}. */
final class DemoDurations {

    private DemoDurations() {
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
}

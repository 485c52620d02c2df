package io.driftline.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stream with a known change point, in windows: {@code changeWindow} stationary windows, then the change, then
 * {@code horizon} windows in which a detector must fire (or the change counts as missed). Window {@code w}'s rows
 * are generated under {@link #shiftAt(int)}; a change starts exactly at a window start, so a detection in the
 * change window itself ("the first full window") has delay 0.
 *
 * @param name         label in the results table
 * @param kind         what changes
 * @param target       the feature that changes (the one a detection must flag); null when nothing does
 * @param magnitude    mean shift in reference standard deviations (ABRUPT, final value of GRADUAL), or the factor
 *                     of the segment's share (CATEGORY)
 * @param changeWindow index of the first changed window; for STATIONARY, the number of windows
 * @param horizon      windows from the change point within which a detection counts (0 for STATIONARY)
 * @param rampWindows  GRADUAL: windows over which the shift grows linearly to {@code magnitude}
 */
record Scenario(String name, Kind kind, String target, double magnitude, int changeWindow, int horizon,
                int rampWindows) {

    /** What changes at the change point. */
    enum Kind {
        /** Nothing, ever. */
        STATIONARY,
        /** One feature's mean moves by {@code magnitude} sd at once. */
        ABRUPT,
        /** One feature's mean moves linearly to {@code magnitude} sd over {@code rampWindows}, then stays. */
        GRADUAL,
        /** The last segment's share is multiplied by {@code magnitude}. */
        CATEGORY
    }

    /** The segment whose share a CATEGORY scenario changes: the rarest, "e" (8% of the reference). */
    static final int CHANGED_SEGMENT = SyntheticData.SEGMENTS.size() - 1;

    Scenario {
        if (changeWindow < 1 || horizon < 0 || rampWindows < 0) {
            throw new IllegalArgumentException("changeWindow must be >= 1, horizon and rampWindows >= 0: "
                    + changeWindow + ", " + horizon + ", " + rampWindows);
        }
    }

    /** All windows of the stream. */
    int windows() {
        return changeWindow + horizon;
    }

    /** Whether the stream changes at all. */
    boolean changes() {
        return kind != Kind.STATIONARY;
    }

    /** How window {@code window}'s rows are generated. */
    SyntheticData.Shift shiftAt(int window) {
        if (!changes() || window < changeWindow) {
            return SyntheticData.Shift.NONE;
        }
        int feature = SyntheticData.numericIndex(target);
        return switch (kind) {
            case ABRUPT -> SyntheticData.Shift.mean(feature, magnitude);
            case GRADUAL -> SyntheticData.Shift.mean(feature,
                    magnitude * Math.min(1.0, (window - changeWindow + 1) / (double) Math.max(1, rampWindows)));
            case CATEGORY -> SyntheticData.Shift.segmentShare(CHANGED_SEGMENT, magnitude);
            case STATIONARY -> SyntheticData.Shift.NONE;
        };
    }

    /**
     * The standard list: stationary ({@code stationaryWindows}), abrupt mean shifts of 0.1, 0.25, 0.5 and 1.0 sd in
     * {@code feature}, a gradual ramp to 0.5 sd over {@code ramp} windows, and the rarest segment's share doubled.
     *
     * @param only scenario names to keep (as in the table, case-insensitive); empty keeps all
     */
    static List<Scenario> standard(int stationaryWindows, int preWindows, int horizon, int ramp, String feature,
            List<String> only) {
        if (SyntheticData.numericIndex(feature) < 0) {
            throw new IllegalArgumentException("feature must be one of x00 to x19: " + feature);
        }
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario("stationary", Kind.STATIONARY, null, 0, stationaryWindows, 0, 0));
        for (double sd : new double[] {0.1, 0.25, 0.5, 1.0}) {
            all.add(new Scenario("shift-" + sd, Kind.ABRUPT, feature, sd, preWindows, horizon, 0));
        }
        all.add(new Scenario("gradual-0.5", Kind.GRADUAL, feature, 0.5, preWindows, ramp + horizon, ramp));
        all.add(new Scenario("category-x2", Kind.CATEGORY, SyntheticData.SEGMENT, 2.0, preWindows, horizon, 0));
        if (only.isEmpty()) {
            return all;
        }
        List<String> wanted = only.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        List<Scenario> kept = all.stream().filter(s -> wanted.contains(s.name())).toList();
        if (kept.size() != wanted.size()) {
            throw new IllegalArgumentException("scenarios must be among "
                    + all.stream().map(Scenario::name).toList() + ": " + only);
        }
        return kept;
    }
}

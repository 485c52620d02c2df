package io.driftline.loadtest;

import java.util.List;
import java.util.Objects;

/**
 * One detector's scores over the runs of one scenario.
 *
 * @param scenario the scenario
 * @param detector the detector
 * @param runs     its score on each run
 */
record ScenarioSummary(Scenario scenario, Detector detector, List<RunScore> runs) {

    ScenarioSummary {
        runs = List.copyOf(runs);
    }

    /** Runs in which the change was detected on the right feature within the horizon. */
    int detected() {
        return (int) runs.stream().filter(RunScore::detected).count();
    }

    /** Runs of a changing scenario in which it was not. */
    int missed() {
        return scenario.changes() ? runs.size() - detected() : 0;
    }

    /** Runs in which a firing on the wrong feature came before the detection. */
    int wrongFeature() {
        return (int) runs.stream().filter(RunScore::wrongFeature).count();
    }

    /** Runs detected with delay 0: in the first full window after the change. */
    int detectedAtOnce() {
        return (int) runs.stream().map(RunScore::delay).filter(Objects::nonNull).filter(d -> d == 0).count();
    }

    /** Mean delay of the detections in windows; NaN when there were none. */
    double meanDelay() {
        return runs.stream().map(RunScore::delay).filter(Objects::nonNull).mapToInt(Integer::intValue).average()
                .orElse(Double.NaN);
    }

    /** Largest delay of the detections; -1 when there were none. */
    int maxDelay() {
        return runs.stream().map(RunScore::delay).filter(Objects::nonNull).mapToInt(Integer::intValue).max()
                .orElse(-1);
    }

    /** False alarms over all runs. */
    int falseAlarms() {
        return runs.stream().mapToInt(RunScore::falseAlarms).sum();
    }

    /** Stationary (pre-change) windows over all runs. */
    int stationaryWindows() {
        return runs.stream().mapToInt(RunScore::stationaryWindows).sum();
    }

    /** False alarms per 1,000 stationary windows. */
    double falseAlarmsPer1000() {
        int windows = stationaryWindows();
        return windows == 0 ? 0 : 1000.0 * falseAlarms() / windows;
    }
}

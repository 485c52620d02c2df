package io.driftline.loadtest;

import java.util.Set;

/**
 * One detector's score on one run.
 *
 * <ul>
 *   <li>Detection: the first window at or after the change point, within the scenario's horizon, where the
 *       detector fires on the changed feature; its delay is that window's index minus the change window's (0: the
 *       first full window of changed data).</li>
 *   <li>Wrong feature: the detector fired after the change, before its detection (or within the horizon when it
 *       missed), without naming the changed feature; counted apart, never as a detection.</li>
 *   <li>False alarms: windows before the change point (every window of a stationary run) where it fired at all.</li>
 * </ul>
 *
 * @param delay           windows from the change point to the detection; null when missed or nothing changed
 * @param wrongFeature    whether a wrong-feature firing came first
 * @param falseAlarms     windows before the change point where it fired
 * @param stationaryWindows windows before the change point
 */
record RunScore(Integer delay, boolean wrongFeature, int falseAlarms, int stationaryWindows) {

    /** Scores the detector on the run. */
    static RunScore of(RunTrace trace, Detector detector) {
        Scenario scenario = trace.scenario();
        int falseAlarms = 0;
        for (int w = 0; w < scenario.changeWindow(); w++) {
            falseAlarms += detector.fired(trace, w).isEmpty() ? 0 : 1;
        }
        Integer delay = null;
        boolean wrong = false;
        if (scenario.changes()) {
            for (int w = scenario.changeWindow(); w < scenario.windows() && delay == null; w++) {
                Set<String> fired = detector.fired(trace, w);
                if (fired.contains(scenario.target())) {
                    delay = w - scenario.changeWindow();
                } else if (!fired.isEmpty()) {
                    wrong = true;
                }
            }
        }
        return new RunScore(delay, wrong, falseAlarms, scenario.changeWindow());
    }

    /** Whether the change was detected on the right feature within the horizon. */
    boolean detected() {
        return delay != null;
    }
}

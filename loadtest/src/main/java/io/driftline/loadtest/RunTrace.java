package io.driftline.loadtest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the topology said about each window of one run of a scenario, indexed by window.
 *
 * @param scenario    the scenario run
 * @param seed        the data seed of this run
 * @param flagged     per window, the features the drift report flagged ({@link #SCORE} for the prediction); empty
 *                    for a clean window
 * @param alertsOpened per window, the subjects of DATA_DRIFT alerts that opened on that window's report
 * @param falseAlarmMetrics per "metric:feature", how often it fired in windows before the change point: where the
 *                    false alarms come from
 * @param reported    windows for which a drift report arrived (all of them, unless something is wrong)
 * @param events      events piped, the closing one included
 * @param pipeNanos   time spent inside the driver's pipe calls: the topology's own processing
 */
record RunTrace(Scenario scenario, long seed, List<Set<String>> flagged, List<Set<String>> alertsOpened,
                Map<String, Integer> falseAlarmMetrics, int reported, long events, long pipeNanos) {

    /** The name under which a report's prediction (score) verdict is listed among flagged features. */
    static final String SCORE = "score";

    RunTrace {
        if (flagged.size() != scenario.windows() || alertsOpened.size() != scenario.windows()) {
            throw new IllegalArgumentException("one entry per window needed (" + scenario.windows() + "): "
                    + flagged.size() + " flagged, " + alertsOpened.size() + " alerts");
        }
        flagged = List.copyOf(flagged);
        alertsOpened = List.copyOf(alertsOpened);
        falseAlarmMetrics = Map.copyOf(falseAlarmMetrics);
    }
}

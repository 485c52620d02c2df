package io.driftline.loadtest;

import io.driftline.models.drift.DriftThresholds;
import io.driftline.topology.alert.AlertPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Everything a benchmark run depends on; the same settings and seed give the same streams (the verdicts too, but
 * for the KLL sketches' unseeded compaction, see {@code ProfileBuilder#withSketches}).
 *
 * @param eventsPerWindow   events in each window
 * @param windowSize        event-time tumbling window of the drift stage
 * @param stationaryWindows windows of the stationary scenario
 * @param preWindows        stationary windows before the change point of each changing scenario
 * @param horizon           windows after the change point within which a detection counts
 * @param rampWindows       windows of the gradual scenario's ramp (added to its horizon)
 * @param repeats           runs of each changing scenario, each with its own data seed
 * @param seed              base seed of the model's training data and of every run's data
 * @param feature           the numeric feature whose mean shifts ({@code x00} to {@code x19})
 * @param scenarios         scenario names to run; empty runs all of {@link Scenario#standard}
 * @param thresholds        drift thresholds under test
 * @param alertPolicy       when alerts open and resolve
 * @param trainRows         rows the model trains on
 * @param profileRows       rows of the reference profile
 */
record BenchmarkSettings(int eventsPerWindow, Duration windowSize, int stationaryWindows, int preWindows,
                         int horizon, int rampWindows, int repeats, long seed, String feature, List<String> scenarios,
                         DriftThresholds thresholds, AlertPolicy alertPolicy, int trainRows, int profileRows) {

    BenchmarkSettings {
        scenarios = List.copyOf(scenarios);
        if (repeats < 1 || stationaryWindows < 1 || preWindows < 1 || horizon < 1) {
            throw new IllegalArgumentException("repeats, stationary windows, pre-change windows and horizon must be"
                    + " >= 1: " + repeats + ", " + stationaryWindows + ", " + preWindows + ", " + horizon);
        }
    }

    /** The scenarios these settings select. */
    List<Scenario> scenarioList() {
        return Scenario.standard(stationaryWindows, preWindows, horizon, rampWindows, feature, scenarios);
    }
}

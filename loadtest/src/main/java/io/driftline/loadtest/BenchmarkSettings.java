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
 * @param stationaryWindows windows of the stationary scenario, over all its runs
 * @param stationaryRuns    runs the stationary stream is split into (each on a fresh topology, so they can run in
 *                          parallel)
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
 * @param threads           runs at a time, each with its own topology
 */
record BenchmarkSettings(int eventsPerWindow, Duration windowSize, int stationaryWindows, int stationaryRuns,
                         int preWindows,
                         int horizon, int rampWindows, int repeats, long seed, String feature, List<String> scenarios,
                         DriftThresholds thresholds, AlertPolicy alertPolicy, int trainRows, int profileRows,
                         int threads) {

    BenchmarkSettings {
        scenarios = List.copyOf(scenarios);
        if (repeats < 1 || stationaryWindows < 1 || stationaryRuns < 1 || preWindows < 1 || horizon < 1
                || threads < 1) {
            throw new IllegalArgumentException("repeats, stationary windows and runs, pre-change windows, horizon and"
                    + " threads must be >= 1: " + repeats + ", " + stationaryWindows + ", " + stationaryRuns + ", "
                    + preWindows + ", " + horizon + ", " + threads);
        }
    }

    /** The scenarios these settings select; the stationary one with the windows of one of its runs. */
    List<Scenario> scenarioList() {
        int perRun = (stationaryWindows + stationaryRuns - 1) / stationaryRuns;
        return Scenario.standard(perRun, preWindows, horizon, rampWindows, feature, scenarios);
    }

    /** How many times a scenario runs. */
    int runsOf(Scenario scenario) {
        return scenario.changes() ? repeats : stationaryRuns;
    }
}

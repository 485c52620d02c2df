package io.driftline.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a benchmark run: every run's trace, each detector's summary per scenario, and the time spent.
 *
 * @param settings   what was run
 * @param traces     one per run, in run order
 * @param summaries  per scenario (in order), one per {@link Detector} (in order)
 * @param trainNanos training the model, profiling and bundling it
 * @param wallNanos  the whole run, training included
 */
record BenchmarkResult(BenchmarkSettings settings, List<RunTrace> traces, List<ScenarioSummary> summaries,
                       long trainNanos, long wallNanos) {

    BenchmarkResult {
        traces = List.copyOf(traces);
        summaries = List.copyOf(summaries);
    }

    /** Scores each detector on the traces, grouped by scenario in the order given. */
    static List<ScenarioSummary> summarise(List<Scenario> scenarios, List<RunTrace> traces) {
        List<ScenarioSummary> out = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<RunTrace> runs = traces.stream().filter(t -> t.scenario().equals(scenario)).toList();
            for (Detector detector : Detector.values()) {
                out.add(new ScenarioSummary(scenario, detector, runs.stream().map(t -> RunScore.of(t, detector))
                        .toList()));
            }
        }
        return out;
    }

    /** The summary of a scenario by name and detector. */
    ScenarioSummary summary(String scenario, Detector detector) {
        return summaries.stream().filter(s -> s.scenario().name().equals(scenario) && s.detector() == detector)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no scenario " + scenario));
    }

    /** The detector's scores pooled over every stationary window of the run (pre-change windows included). */
    ScenarioSummary pooledStationary(Detector detector) {
        List<RunScore> all = summaries.stream().filter(s -> s.detector() == detector)
                .flatMap(s -> s.runs().stream()).toList();
        return new ScenarioSummary(new Scenario("all stationary", Scenario.Kind.STATIONARY, null, 0, 1, 0, 0),
                detector, all);
    }

    /** Per metric, how often it fired in stationary windows, over all runs. */
    Map<String, Integer> falseAlarmMetrics() {
        Map<String, Integer> out = new TreeMap<>();
        traces.forEach(t -> t.falseAlarmMetrics().forEach((m, n) -> out.merge(m, n, Integer::sum)));
        return out;
    }

    /** Events piped through the topology. */
    long events() {
        return traces.stream().mapToLong(RunTrace::events).sum();
    }

    /** Events per second inside the topology (the driver's pipe calls, nothing else). */
    double topologyEventsPerSecond() {
        long nanos = traces.stream().mapToLong(RunTrace::pipeNanos).sum();
        return nanos == 0 ? 0 : events() * 1e9 / nanos;
    }

    /** Events per second over the whole run: generation, Avro serialisation, topology, bookkeeping, training. */
    double wallEventsPerSecond() {
        return wallNanos == 0 ? 0 : events() * 1e9 / wallNanos;
    }
}

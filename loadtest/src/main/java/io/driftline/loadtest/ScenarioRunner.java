package io.driftline.loadtest;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.topology.alert.AlertPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a scenario through a fresh {@link TopologyHarness} (no state carried over from another run): window by
 * window, {@code eventsPerWindow} events spread evenly over the window in event time, then one event past the last
 * window's end plus grace so that it closes, and records what each window's report and alerts said.
 */
final class ScenarioRunner {

    /** Event time of the first window's start: 2026-01-01T00:00Z, a whole minute. */
    static final long T0 = 1_767_225_600_000L;
    /** Events between two drains of the driver's output (see {@link TopologyHarness#drain()}). */
    private static final int DRAIN_EVERY = 500;

    private final ModelBundle bundle;
    private final int eventsPerWindow;
    private final Duration windowSize;
    private final DriftThresholds thresholds;
    private final AlertPolicy alertPolicy;

    ScenarioRunner(ModelBundle bundle, int eventsPerWindow, Duration windowSize, DriftThresholds thresholds,
            AlertPolicy alertPolicy) {
        if (eventsPerWindow < 1 || windowSize.toMillis() < eventsPerWindow) {
            throw new IllegalArgumentException("need at least 1 event per window and 1 ms between events: "
                    + eventsPerWindow + " in " + windowSize);
        }
        this.bundle = bundle;
        this.eventsPerWindow = eventsPerWindow;
        this.windowSize = windowSize;
        this.thresholds = thresholds;
        this.alertPolicy = alertPolicy;
    }

    /** One run of the scenario with data seed {@code seed}. */
    RunTrace run(Scenario scenario, long seed) throws IOException {
        int windows = scenario.windows();
        List<Set<String>> flagged = empties(windows);
        List<Set<String>> opened = empties(windows);
        Map<String, Integer> falseAlarmMetrics = new TreeMap<>();
        long size = windowSize.toMillis();
        SyntheticData data = new SyntheticData(seed);
        long pipeNanos = 0;
        long events = 0;
        int reported = 0;
        try (TopologyHarness topology = new TopologyHarness(bundle, windowSize, thresholds, alertPolicy)) {
            for (int w = 0; w <= windows; w++) {
                long start = T0 + w * size;
                // After the last window, one event past its end plus grace closes it.
                int count = w < windows ? eventsPerWindow : 1;
                SyntheticData.Shift shift = scenario.shiftAt(w);
                for (int i = 0; i < count; i++) {
                    long time = w < windows ? start + i * size / eventsPerWindow : start + size / 2;
                    byte[] event = topology.serialize(data.event(data.row(shift)));
                    long before = System.nanoTime();
                    topology.pipe(event, time);
                    pipeNanos += System.nanoTime() - before;
                    events++;
                    if (events % DRAIN_EVERY == 0) {
                        topology.drain();
                    }
                }
                reported += collect(topology, scenario, flagged, opened, falseAlarmMetrics);
                topology.drain();
            }
        }
        return new RunTrace(scenario, seed, flagged, opened, falseAlarmMetrics, reported, events, pipeNanos);
    }

    /** Files the reports and alerts emitted so far under their windows; returns the number of reports. */
    private int collect(TopologyHarness topology, Scenario scenario, List<Set<String>> flagged,
            List<Set<String>> opened, Map<String, Integer> falseAlarmMetrics) {
        List<DriftReport> reports = topology.reports();
        for (DriftReport report : reports) {
            int w = windowIndex(report.getWindowStart().toEpochMilli());
            Set<String> names = flagged.get(w);
            List<FeatureDrift> all = new ArrayList<>(report.getFeatures());
            if (report.getPrediction() != null) {
                all.add(report.getPrediction());
            }
            for (FeatureDrift feature : all) {
                if (feature.getDrifted()) {
                    String name = feature == report.getPrediction() ? RunTrace.SCORE : feature.getFeature();
                    names.add(name);
                    if (w < scenario.changeWindow()) {
                        feature.getMetrics().stream().filter(MetricResult::getDrifted).forEach(
                                m -> falseAlarmMetrics.merge(m.getMetric() + ":" + name, 1, Integer::sum));
                    }
                }
            }
            if (report.getDrifted() != !names.isEmpty()) {
                throw new IllegalStateException("report of window " + w + " says drifted=" + report.getDrifted()
                        + " but flags " + names);
            }
        }
        for (Alert alert : topology.alerts()) {
            if (alert.getType() == AlertType.DATA_DRIFT && alert.getStatus() == AlertStatus.OPEN) {
                opened.get(windowIndex(alert.getWindowStart().toEpochMilli())).add(alert.getSubject());
            }
        }
        return reports.size();
    }

    private int windowIndex(long windowStart) {
        return (int) ((windowStart - T0) / windowSize.toMillis());
    }

    private static List<Set<String>> empties(int windows) {
        List<Set<String>> out = new ArrayList<>(windows);
        for (int i = 0; i < windows; i++) {
            out.add(new HashSet<>());
        }
        return out;
    }
}

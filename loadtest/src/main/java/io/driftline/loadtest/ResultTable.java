package io.driftline.loadtest;

import io.driftline.models.drift.DriftMetric;
import io.driftline.models.drift.DriftThresholds;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Prints a {@link BenchmarkResult}: one row per scenario and detector, the baselines next to the real detectors,
 * then the pooled false-alarm rate with its 95% upper bound, the bar, and throughput.
 */
final class ResultTable {

    /** The bar of issue #4: the smallest shift to catch in the first full window. */
    static final String BAR_SCENARIO = "shift-0.25";
    /** The bar of issue #4: false alarms per 1,000 stationary windows, strictly fewer. */
    static final double BAR_FALSE_ALARMS = 1.0;

    private static final String ROW = "%-13s %-11s %4s %8s %6s %7s %11s %6s %6s %8s %8s%n";

    private ResultTable() {
    }

    static void print(BenchmarkResult result, PrintStream out) {
        BenchmarkSettings s = result.settings();
        DriftThresholds t = s.thresholds();
        out.printf(Locale.ROOT, "Detector benchmark: %,d events/window, %s windows, shifted feature %s, seed %d,"
                + " %d run(s) per changing scenario (%d pre-change windows, horizon %d)%n", s.eventsPerWindow(),
                s.windowSize(), s.feature(), s.seed(), s.repeats(), s.preWindows(), s.horizon());
        out.printf(Locale.ROOT, "thresholds (warn/alert): %s, correction %s, min sample %d; alerts open after %d"
                + " drifted windows%n%n", thresholds(t), t.correction().configName(), t.minSampleSize(),
                s.alertPolicy().openAfter());
        out.printf(ROW, "scenario", "detector", "runs", "detected", "missed", "at-once", "delay mean/max",
                "wrong", "FA", "windows", "FA/1000");
        for (ScenarioSummary row : result.summaries()) {
            boolean changes = row.scenario().changes();
            out.printf(Locale.ROOT, ROW, row.scenario().name(), row.detector().label(), row.runs().size(),
                    changes ? row.detected() : "-", changes ? row.missed() : "-", changes ? row.detectedAtOnce() : "-",
                    changes ? delay(row) : "-", changes ? row.wrongFeature() : "-", row.falseAlarms(),
                    row.stationaryWindows(), String.format(Locale.ROOT, "%.1f", row.falseAlarmsPer1000()));
        }
        out.println();
        out.println("false alarms over all stationary windows (stationary stream plus every pre-change window):");
        for (Detector detector : Detector.values()) {
            ScenarioSummary pooled = result.pooledStationary(detector);
            out.printf(Locale.ROOT, "  %-11s %d in %d windows = %.2f per 1,000 (95%% upper bound %.2f)%n",
                    detector.label(), pooled.falseAlarms(), pooled.stationaryWindows(), pooled.falseAlarmsPer1000(),
                    upperBoundPer1000(pooled.falseAlarms(), pooled.stationaryWindows()));
        }
        out.println("  metric:feature firings in stationary windows (report level): " + result.falseAlarmMetrics());
        printBar(result, out);
        out.printf(Locale.ROOT, "%nthroughput: %,d events through the topology; %,.0f events/s per topology inside"
                + " its pipe calls (TopologyTestDriver, which commits after every event), %,.0f events/s end to end"
                + " with %d topologies at a time (generation and Avro serialisation included); training %.1f s,"
                + " whole run %.1f s%n", result.events(), result.topologyEventsPerSecond(), result.wallEventsPerSecond(),
                s.threads(), result.trainNanos() / 1e9, result.wallNanos() / 1e9);
    }

    private static void printBar(BenchmarkResult result, PrintStream out) {
        boolean ran = result.summaries().stream().anyMatch(r -> r.scenario().name().equals(BAR_SCENARIO));
        if (!ran) {
            out.println("bar: not judged (" + BAR_SCENARIO + " was not run)");
            return;
        }
        ScenarioSummary shift = result.summary(BAR_SCENARIO, Detector.REPORT);
        ScenarioSummary stationary = result.pooledStationary(Detector.REPORT);
        boolean detects = shift.detectedAtOnce() == shift.runs().size();
        boolean quiet = stationary.falseAlarmsPer1000() < BAR_FALSE_ALARMS;
        out.printf(Locale.ROOT, "bar (report level): 0.25 sd caught in the first full window in %d of %d runs: %s;"
                + " %.2f false alarms per 1,000 stationary windows (< %.0f): %s => %s%n", shift.detectedAtOnce(),
                shift.runs().size(), detects ? "yes" : "NO", stationary.falseAlarmsPer1000(), BAR_FALSE_ALARMS,
                quiet ? "yes" : "NO", detects && quiet ? "MET" : "NOT MET");
    }

    /** Exact (Garwood) one-sided 95% upper bound of a Poisson rate, per 1,000 windows. */
    static double upperBoundPer1000(int events, int windows) {
        if (windows == 0) {
            return Double.NaN;
        }
        double upper = ChiSquaredDistribution.of(2.0 * (events + 1)).inverseCumulativeProbability(0.95) / 2;
        return 1000 * upper / windows;
    }

    /** Every registered metric's settings, in registry order: "ks alpha 0.0001000 0/0.1000", "psi 0.2500/0.5000". */
    static String thresholds(DriftThresholds t) {
        List<String> parts = new ArrayList<>();
        for (DriftMetric metric : t.metrics().all()) {
            String id = metric.id();
            if (!t.enabled(id)) {
                parts.add(id + " not run");
                continue;
            }
            DriftThresholds.Levels levels = t.levels(id);
            String alpha = metric.type() == DriftMetric.Type.TEST ? " alpha " + num(t.alpha(id)) : "";
            parts.add(id + alpha + " " + level(levels.warn()) + "/" + num(levels.alert()));
        }
        return String.join(", ", parts);
    }

    /** A warn level of 0 (any significant test) as 0, not 0.000. */
    private static String level(double value) {
        return value == 0 ? "0" : num(value);
    }

    private static String delay(ScenarioSummary row) {
        return row.detected() == 0 ? "-" : String.format(Locale.ROOT, "%.2f/%d", row.meanDelay(), row.maxDelay());
    }

    private static String num(double value) {
        return value >= Double.MAX_VALUE ? "off" : String.format(Locale.ROOT, "%.4g", value);
    }
}

package io.driftline.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.models.drift.DriftThresholds;
import io.driftline.topology.alert.AlertPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reduced benchmark through the real topology: 1,000 events per window, a short stationary stream in two runs,
 * one run of a 1.0 sd shift, with the default thresholds (which the full benchmark measured at under one false
 * alarm per 1,000 stationary windows of 2,000 events; see the README).
 */
class DetectorBenchmarkTest {

    private static BenchmarkResult result;
    private static String table;

    @BeforeAll
    static void run() throws Exception {
        DriftThresholds thresholds = DriftThresholds.defaults();
        BenchmarkSettings settings = new BenchmarkSettings(1_000, Duration.ofMinutes(1), 10, 2, 3, 3, 0, 1, 7, "x03",
                List.of("stationary", "shift-1.0"), thresholds, AlertPolicy.defaults(), 3_000, 20_000, 2);
        result = DetectorBenchmark.run(settings, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultTable.print(result, new PrintStream(out, true, StandardCharsets.UTF_8));
        table = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportEveryWindowOfEveryRun() {
        assertThat(result.traces()).hasSize(3);
        assertThat(result.traces()).allSatisfy(t -> assertThat(t.reported()).isEqualTo(t.scenario().windows()));
        assertThat(result.events()).as("10 + 6 windows of 1,000, and one closing event per run").isEqualTo(16_003);
    }

    @Test
    void shouldDetectAOneSdShiftInTheFirstFullWindowOnTheShiftedFeature() {
        ScenarioSummary report = result.summary("shift-1.0", Detector.REPORT);
        assertThat(report.detected()).isEqualTo(1);
        assertThat(report.runs().get(0).delay()).isZero();
        assertThat(report.wrongFeature()).isZero();
        RunTrace trace = result.traces().stream().filter(t -> t.scenario().name().equals("shift-1.0")).findFirst()
                .orElseThrow();
        assertThat(trace.flagged().get(3)).as("the change window's flags").contains("x03")
                .doesNotContain("x00", "x01", "x02", "x04", "segment");
    }

    @Test
    void shouldOpenTheAlertOnTheSecondDriftedWindow() {
        ScenarioSummary alert = result.summary("shift-1.0", Detector.ALERT);
        assertThat(alert.detected()).isEqualTo(1);
        assertThat(alert.runs().get(0).delay()).as("alerts open after 2 drifted windows in a row").isEqualTo(1);
    }

    @Test
    void shouldRaiseNoFalseAlarmOnStationaryData() {
        assertThat(result.summary("stationary", Detector.REPORT).falseAlarms()).isZero();
        assertThat(result.summary("stationary", Detector.REPORT).stationaryWindows()).isEqualTo(10);
        assertThat(result.summary("shift-1.0", Detector.REPORT).falseAlarms()).as("pre-change windows").isZero();
        assertThat(result.pooledStationary(Detector.ALERT).falseAlarms()).isZero();
    }

    @Test
    void shouldScoreTheBaselinesOnTheSameScenarios() {
        ScenarioSummary always = result.summary("shift-1.0", Detector.ALWAYS);
        assertThat(always.detectedAtOnce()).isEqualTo(1);
        assertThat(always.falseAlarmsPer1000()).isEqualTo(1000.0);
        ScenarioSummary never = result.summary("shift-1.0", Detector.NEVER);
        assertThat(never.missed()).isEqualTo(1);
        assertThat(never.falseAlarms()).isZero();
        assertThat(result.pooledStationary(Detector.ALWAYS).falseAlarms()).isEqualTo(13);
        assertThat(result.pooledStationary(Detector.NEVER).falseAlarms()).isZero();
    }

    @Test
    void shouldPrintEveryDetectorNextToTheBaselines() {
        assertThat(table).contains("always-fire", "never-fire", "events/s", "bar: not judged")
                .containsPattern("shift-1\\.0\\s+report\\s+1\\s+1\\s+0\\s+1\\s+0\\.00/0");
    }
}

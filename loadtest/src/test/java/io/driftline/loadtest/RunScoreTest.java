package io.driftline.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scoring of one run from hand-made traces: delay, misses, wrong features and false alarms. */
class RunScoreTest {

    private static final Scenario SHIFT = new Scenario("shift", Scenario.Kind.ABRUPT, "x03", 0.5, 3, 3, 0);

    private static RunTrace trace(Scenario scenario, List<Set<String>> flagged) {
        List<Set<String>> none = new ArrayList<>();
        flagged.forEach(f -> none.add(Set.of()));
        return new RunTrace(scenario, 1, flagged, none, Map.of(), flagged.size(), 0, 0);
    }

    @Test
    void shouldMeasureTheDelayFromTheChangeWindow() {
        RunScore score = RunScore.of(trace(SHIFT, List.of(Set.of(), Set.of(), Set.of(), Set.of(), Set.of("x03"),
                Set.of("x03"))), Detector.REPORT);
        assertThat(score.delay()).isEqualTo(1);
        assertThat(score.wrongFeature()).isFalse();
        assertThat(score.falseAlarms()).isZero();
        assertThat(score.stationaryWindows()).isEqualTo(3);
    }

    @Test
    void shouldCountAWrongFeatureApartFromTheDetection() {
        RunScore score = RunScore.of(trace(SHIFT, List.of(Set.of(), Set.of("x07"), Set.of(), Set.of("score"),
                Set.of(), Set.of("x03", "score"))), Detector.REPORT);
        assertThat(score.delay()).isEqualTo(2);
        assertThat(score.wrongFeature()).isTrue();
        assertThat(score.falseAlarms()).isEqualTo(1);
    }

    @Test
    void shouldMissWhenTheChangedFeatureIsNeverFlagged() {
        RunScore score = RunScore.of(trace(SHIFT, List.of(Set.of(), Set.of(), Set.of(), Set.of("x01"), Set.of(),
                Set.of())), Detector.REPORT);
        assertThat(score.detected()).isFalse();
        assertThat(score.wrongFeature()).isTrue();
    }

    @Test
    void shouldScoreTheBaselinesWithoutLookingAtTheTrace() {
        RunTrace quiet = trace(SHIFT, List.of(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of()));
        assertThat(RunScore.of(quiet, Detector.ALWAYS)).isEqualTo(new RunScore(0, false, 3, 3));
        assertThat(RunScore.of(quiet, Detector.NEVER)).isEqualTo(new RunScore(null, false, 0, 3));
    }

    @Test
    void shouldCountEveryFiringOfAStationaryRunAsAFalseAlarm() {
        Scenario stationary = new Scenario("stationary", Scenario.Kind.STATIONARY, null, 0, 4, 0, 0);
        RunScore score = RunScore.of(trace(stationary, List.of(Set.of("x01"), Set.of(), Set.of("score"), Set.of())),
                Detector.REPORT);
        assertThat(score.falseAlarms()).isEqualTo(2);
        assertThat(score.delay()).isNull();
        assertThat(ResultTable.upperBoundPer1000(0, 1000)).as("rule of three").isCloseTo(3.0, within(0.01));
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }
}

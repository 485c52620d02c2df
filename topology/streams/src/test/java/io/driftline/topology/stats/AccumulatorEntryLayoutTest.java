package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.PerformanceStats;
import io.driftline.topology.state.StateLayoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layout of {@value StatsStage#ACCUMULATOR_STORE}'s values: both kinds, main's bytes, unknown versions. */
class AccumulatorEntryLayoutTest {

    private static WindowStats stats() {
        return new WindowStats("fraud", "1", true, 60_000, 120_000, List.of(), null, Map.of("legit", 4L), 7,
                new PerformanceStats());
    }

    @Test
    void shouldRoundTripAWindowAndTheClock() {
        byte[] window = AccumulatorEntry.LAYOUT.encode(new AccumulatorEntry.Window(stats()));
        assertThat(window[0]).isEqualTo((byte) 4);
        assertThat(window[1]).isEqualTo(AccumulatorEntry.WINDOW);
        WindowStats copy = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(window)).stats();
        assertThat(StatsCodec.encode(copy)).isEqualTo(StatsCodec.encode(stats()));

        byte[] delta = AccumulatorEntry.LAYOUT.encode(new AccumulatorEntry.Delta(stats()));
        assertThat(delta[1]).isEqualTo(AccumulatorEntry.DELTA);
        assertThat(StatsCodec.encode(((AccumulatorEntry.Delta) AccumulatorEntry.LAYOUT.decode(delta)).stats()))
                .isEqualTo(StatsCodec.encode(stats()));

        byte[] clock = AccumulatorEntry.LAYOUT.encode(new AccumulatorEntry.Clock(123_456L));
        assertThat(clock).hasSize(10);
        assertThat(AccumulatorEntry.LAYOUT.decode(clock)).isEqualTo(new AccumulatorEntry.Clock(123_456L));
    }

    @Test
    void shouldReadTheWindowsAndTheClockMainWrote() {
        // Main: a window is StatsCodec.encode(stats) (version 2); the clock is version 1 then the time.
        byte[] window = StatsCodec.encode(stats());
        assertThat(window[0]).isEqualTo((byte) 2);
        WindowStats copy = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(window)).stats();
        assertThat(StatsCodec.encode(copy)).isEqualTo(window);

        byte[] clock = ByteBuffer.allocate(9).put((byte) 1).putLong(-42L).array();
        assertThat(AccumulatorEntry.LAYOUT.decode(clock)).isEqualTo(new AccumulatorEntry.Clock(-42L));
    }

    @Test
    void shouldReadVersion3WindowsAndClocksFromBeforeDeltas() {
        byte[] v4 = AccumulatorEntry.LAYOUT.encode(new AccumulatorEntry.Window(stats()));
        byte[] v3 = v4.clone();
        v3[0] = 3;
        WindowStats copy = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(v3)).stats();
        assertThat(StatsCodec.encode(copy)).isEqualTo(StatsCodec.encode(stats()));
        byte[] clock = AccumulatorEntry.LAYOUT.encode(new AccumulatorEntry.Clock(5L));
        clock[0] = 3;
        assertThat(AccumulatorEntry.LAYOUT.decode(clock)).isEqualTo(new AccumulatorEntry.Clock(5L));
    }

    @Test
    void shouldReadAVersion1WindowFromBeforeLabels() {
        // Version 1 ended after the predicted labels: the same bytes as version 2 less the performance.
        byte[] v2 = StatsCodec.encode(stats());
        int performance = performanceLength();
        int comparison = comparisonLength(stats());
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - performance - comparison);
        v1[0] = 1;
        WindowStats copy = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(v1)).stats();
        assertThat(copy.events()).isEqualTo(7);
        assertThat(copy.labels()).containsEntry("legit", 4L);
        assertThat(copy.performance().count()).isZero();
    }

    @Test
    void shouldFailOnAnUnknownVersionOrKind() {
        assertThatThrownBy(() -> AccumulatorEntry.LAYOUT.decode(new byte[] {5, 0})).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(StatsStage.ACCUMULATOR_STORE).hasMessageContaining("version 5")
                .hasMessageContaining("[1, 2, 3, 4]");
        assertThatThrownBy(() -> AccumulatorEntry.LAYOUT.decode(new byte[] {4, 9}))
                .isInstanceOf(StateLayoutException.class).hasMessageContaining("kind 9");
    }

    /** The length of an empty {@link PerformanceStats} as written, to cut a version 2 value back to version 1. */
    /** The bytes layout 3 adds after the performance: the presence flag and, for a shadow, the comparison. */
    private static int comparisonLength(WindowStats stats) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeBoolean(stats.comparison() != null);
            if (stats.comparison() != null) {
                stats.comparison().write(out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.size();
    }

    @Test
    void shouldReadAWindowFromBeforeComparisonsAndKeepAComparisonItWrote() {
        WindowStats shadow = stats();
        shadow.comparison().add("7", 0.9, "fraud", 0.8, "fraud");
        byte[] current = StatsCodec.encode(shadow);
        byte[] main = java.util.Arrays.copyOf(current, current.length - comparisonLength(shadow));

        WindowStats old = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(main)).stats();
        WindowStats now = ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(current)).stats();

        assertThat(old.comparison()).as("none was kept before layout 3").isNull();
        assertThat(old.events()).isEqualTo(7);
        assertThat(now.comparison().result()).isEqualTo(shadow.comparison().result());
    }

    private static int performanceLength() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            new PerformanceStats().write(new java.io.DataOutputStream(bytes));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.size();
    }
}

package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    private static final long S = 1_000_000_000L;

    @Test
    void shouldCountTheSteadyRateFromTheFirstOutputAndTheOverallRateFromTheStart() {
        // 10,000 events; first output after 2 s with 1,000 committed; done at 6 s.
        Throughput t = new Throughput(10_000, 0, 2 * S, 1_000, 6 * S);
        assertThat(t.steadyPerSecond()).isCloseTo(9_000 / 4.0, within(1e-9));
        assertThat(t.overallPerSecond()).isCloseTo(10_000 / 6.0, within(1e-9));
        assertThat(t.startupSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(t.steadyEvents()).isEqualTo(9_000);
        // All committed before the first output was seen: one event, so CPU per event never divides by zero.
        assertThat(new Throughput(10, 0, S, 10, 2 * S).steadyEvents()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTimesThatGoBackwards() {
        assertThatThrownBy(() -> new Throughput(10, 5 * S, 4 * S, 0, 6 * S))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not decrease");
        assertThatThrownBy(() -> new Throughput(10, 0, S, 11, 2 * S))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 10]");
    }

    @Test
    void shouldPrintEveryRowWithItsRatiosAndNeverMakeUpARatio() {
        ThroughputTable table = new ThroughputTable("title")
                .add(new ThroughputTable.Row("passthrough, steady", 100_000, "events/s", 1.0,
                        ThroughputTable.ratio(10.0, 0.5), 1.5, 1.75, "from its first output"))
                .add(new ThroughputTable.Row("latency p99", 50.25, "ms", Double.NaN, Double.NaN, -1, 2, ""))
                .note("a note");
        String out = table.format();
        assertThat(out).startsWith("title\n").contains("measurement").contains("x pass").contains("load1 b/a")
                .contains("a note");
        assertThat(out.lines().filter(l -> l.startsWith("passthrough, steady")).findFirst().orElseThrow())
                .contains("100,000").contains("events/s").contains("1.00").contains("20.00").contains("1.50/1.75");
        assertThat(out.lines().filter(l -> l.startsWith("latency p99")).findFirst().orElseThrow())
                .contains("50.25").contains(" - ").contains("?/2.00");
        assertThat(ThroughputTable.ratio(5, 0)).isNaN();
        assertThat(ThroughputTable.ratio(Double.POSITIVE_INFINITY, 2)).isNaN();
    }
}

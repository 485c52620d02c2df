package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestMetricsTest {

    private final IngestMetrics metrics = new IngestMetrics();

    @Test
    void shouldCountEachPartitionAndKeepItsNewestTimestampWhateverTheOrder() {
        IngestMetrics.Partition p0 = metrics.partition("events", 0);
        metrics.read(p0, 2_000);
        metrics.read(p0, 1_000); // late: counted, the newest stays
        metrics.read(metrics.partition("events", 1), 500);
        metrics.read("events", 0, 3_000);

        assertThat(metrics.read("events", 0)).isEqualTo(3);
        assertThat(metrics.read("events", 1)).isEqualTo(1);
        assertThat(metrics.eventsIn()).isEqualTo(4);
        assertThat(metrics.lastTimestamp("events", 0)).isEqualTo(3_000L);
        assertThat(metrics.lastTimestamp("events", 1)).isEqualTo(500L);
    }

    @Test
    void shouldKnowNothingOfAPartitionNotRead() {
        metrics.partition("events", 2); // a handle alone is no read
        assertThat(metrics.read("events", 2)).isZero();
        assertThat(metrics.lastTimestamp("events", 2)).isNull();
        assertThat(metrics.lastTimestamp("other", 0)).isNull();
        assertThat(metrics.eventsIn()).isZero();
    }

    @Test
    void shouldGiveOnePartitionOneHandleAndTellPartitionsApart() {
        IngestMetrics.Partition a = metrics.partition("a-events", 1);
        assertThat(metrics.partition("a-events", 1)).isSameAs(a);
        assertThat(a.is("a-events", 1)).isTrue();
        assertThat(a.is("a-events", 2)).isFalse();
        assertThat(a.is("b-events", 1)).isFalse();
    }
}

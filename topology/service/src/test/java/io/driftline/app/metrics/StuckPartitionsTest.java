package io.driftline.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.topology.ingest.IngestMetrics;
import io.driftline.topology.ingest.IngestMetricsAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition is stuck when records wait in it and none is read for the allowance; reading again clears it. */
class StuckPartitionsTest {

    private final IngestMetrics ingest = new IngestMetrics();
    private final StuckPartitions stuck = new StuckPartitions(ingest, 10_000);

    private static List<ConsumerLag.PartitionLag> lag(long p0, long p1) {
        return List.of(new ConsumerLag.PartitionLag("events", 0, p0, 0), new ConsumerLag.PartitionLag("events", 1, p1, 0));
    }

    @Test
    void shouldCallAPartitionStuckOnlyWhenRecordsWaitAndNoneIsReadForTheAllowance() {
        assertThat(stuck.update(lag(5, 0), 0)).isEmpty();
        assertThat(stuck.update(lag(5, 0), 9_999)).as("within the allowance").isEmpty();
        assertThat(stuck.update(lag(5, 0), 10_000)).containsOnlyKeys("events-0").containsEntry("events-0", 5L);
        assertThat(stuck.current()).containsOnlyKeys("events-0");

        IngestMetricsAccess.read(ingest, "events", 0);
        assertThat(stuck.update(lag(5, 0), 11_000)).as("a record was read: moving again").isEmpty();
        assertThat(stuck.update(lag(0, 0), 30_000)).as("nothing waits: idle, not stuck").isEmpty();
    }
}

package io.driftline.topology.ingest;

/** Lets tests outside the ingest package count a record read, as the decode stage does. */
public final class IngestMetricsAccess {

    private IngestMetricsAccess() {
    }

    /** Counts one record read from the partition. */
    public static void read(IngestMetrics metrics, String topic, int partition) {
        metrics.read(topic, partition, System.currentTimeMillis());
    }
}

package io.driftline.app.metrics;

import io.driftline.topology.ingest.IngestMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input partitions that are stuck: records wait in them (consumer lag above zero) and none has been read from them
 * for longer than the allowance. A poison pill that kills the stream thread again and again, or a task that never
 * leaves restoration, shows here, while the instance as a whole looks RUNNING. Fed from {@link ConsumerLag}'s
 * reading each time readiness is asked; says which partitions, and logs when one becomes stuck.
 */
public final class StuckPartitions {

    private static final Logger log = LoggerFactory.getLogger(StuckPartitions.class);

    private record Seen(long read, long sinceMs) {
    }

    private final IngestMetrics ingest;
    private final long allowanceMs;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Long> stuck = new TreeMap<>();

    /** @param allowanceMs how long a partition with waiting records may read nothing before it counts as stuck */
    public StuckPartitions(IngestMetrics ingest, long allowanceMs) {
        this.ingest = ingest;
        this.allowanceMs = allowanceMs;
    }

    /** The stuck partitions as of the last update. */
    public synchronized Map<String, Long> current() {
        return Map.copyOf(stuck);
    }

    /** Updates from the lag now; returns the stuck partitions ({@code topic-partition}) with their lag. */
    public synchronized Map<String, Long> update(List<ConsumerLag.PartitionLag> lag, long nowMs) {
        Map<String, Long> now = new TreeMap<>();
        for (ConsumerLag.PartitionLag l : lag) {
            String key = l.topic() + "-" + l.partition();
            long read = ingest.read(l.topic(), l.partition());
            Seen before = seen.get(key);
            if (l.records() <= 0 || before == null || read != before.read()) {
                seen.put(key, new Seen(read, nowMs));
                continue;
            }
            if (nowMs - before.sinceMs() >= allowanceMs) {
                now.put(key, l.records());
            }
        }
        for (String key : now.keySet()) {
            if (!stuck.containsKey(key)) {
                log.error("Input partition {} is stuck: {} records wait and none was read for {} ms", key, now.get(key),
                        allowanceMs);
            }
        }
        stuck.clear();
        stuck.putAll(now);
        return Map.copyOf(now);
    }
}

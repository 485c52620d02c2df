package io.driftline.topology.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the ingest stage for the whole instance: records read, and per input partition the timestamp of
 * the newest record read (so that consumer lag can be told in seconds as well as in records).
 */
public final class IngestMetrics {

    private final LongAdder eventsIn = new LongAdder();
    private final Map<String, Long> lastTimestamp = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> readByPartition = new ConcurrentHashMap<>();

    void read(String topic, int partition, long timestamp) {
        eventsIn.increment();
        String key = topic + "-" + partition;
        lastTimestamp.merge(key, timestamp, Math::max);
        readByPartition.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Records read from one input partition since start (0 if none): what tells a stuck partition. */
    public long read(String topic, int partition) {
        LongAdder n = readByPartition.get(topic + "-" + partition);
        return n == null ? 0 : n.sum();
    }

    /** Records read from the input topic since start, good and bad. */
    public long eventsIn() {
        return eventsIn.sum();
    }

    /** Timestamp of the newest record read from a partition, or null if none was. */
    public Long lastTimestamp(String topic, int partition) {
        return lastTimestamp.get(topic + "-" + partition);
    }
}

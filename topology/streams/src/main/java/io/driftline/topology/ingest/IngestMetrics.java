package io.driftline.topology.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the ingest stage for the whole instance: records read, and per input partition the timestamp of
 * the newest record read (so that consumer lag can be told in seconds as well as in records).
 */
public final class IngestMetrics {

    private final LongAdder eventsIn = new LongAdder();
    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * One input partition's counters. The decode stage keeps the handle of the partition it last read, so that a
     * record costs two counter updates and no map lookup (the key string, its hash and a boxed timestamp were
     * about 1% of the stream thread per event).
     */
    static final class Partition {
        final String topic;
        final int partition;
        private final LongAdder read = new LongAdder();
        private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);

        private Partition(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }

        boolean is(String topic, int partition) {
            return this.partition == partition && this.topic.equals(topic);
        }
    }

    /** The counters of one partition, created on first use. */
    Partition partition(String topic, int partition) {
        return partitions.computeIfAbsent(topic + "-" + partition, k -> new Partition(topic, partition));
    }

    /** Counts a record read from {@code into}'s partition with this timestamp. */
    void read(Partition into, long timestamp) {
        into.newest.accumulateAndGet(timestamp, Math::max);
        eventsIn.increment();
        into.read.increment();
    }

    void read(String topic, int partition, long timestamp) {
        read(partition(topic, partition), timestamp);
    }

    /** Records read from one input partition since start (0 if none): what tells a stuck partition. */
    public long read(String topic, int partition) {
        Partition p = partitions.get(topic + "-" + partition);
        return p == null ? 0 : p.read.sum();
    }

    /** Records read from the input topic since start, good and bad. */
    public long eventsIn() {
        return eventsIn.sum();
    }

    /** Timestamp of the newest record read from a partition, or null if none was. */
    public Long lastTimestamp(String topic, int partition) {
        Partition p = partitions.get(topic + "-" + partition);
        long newest = p == null ? Long.MIN_VALUE : p.newest.get();
        return newest == Long.MIN_VALUE ? null : newest;
    }
}

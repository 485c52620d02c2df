package io.driftline.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka Streams is restoring, and how far: global and local stores alike (Kafka calls one listener for
 * both). Read by {@code /ready} and the start-up log; logs at most every few seconds while a restore runs, so
 * that a long one after a crash is visible without flooding the console.
 */
final class RestoreProgress implements StateRestoreListener {

    private static final long LOG_EVERY_MS = 3_000;
    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);

    /** One changelog partition of one store. */
    private static final class Part {
        final long total;
        volatile long restored;
        volatile boolean done;

        Part(long total) {
            this.total = total;
        }
    }

    private final Map<String, Map<TopicPartition, Part>> stores = new ConcurrentHashMap<>();
    private volatile long lastLogMs;
    private volatile long totalRestored;

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        stores.computeIfAbsent(store, s -> new ConcurrentHashMap<>())
                .put(partition, new Part(Math.max(0, endingOffset - startingOffset)));
        maybeLog();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        Part part = part(store, partition);
        if (part != null) {
            part.restored += numRestored;
        }
        totalRestored += numRestored;
        maybeLog();
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestoredOfPartition) {
        Part part = part(store, partition);
        if (part != null) {
            part.done = true;
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestoredOfPartition) {
        Part part = part(store, partition);
        if (part != null) {
            part.done = true; // migrated away: nothing left to wait for here
        }
    }

    private Part part(String store, TopicPartition partition) {
        Map<TopicPartition, Part> parts = stores.get(store);
        return parts == null ? null : parts.get(partition);
    }

    /** Forgets what a Kafka Streams instance that is gone was restoring. */
    void reset() {
        stores.clear();
    }

    /** True while any store partition is being restored. */
    boolean restoring() {
        return stores.values().stream().flatMap(p -> p.values().stream()).anyMatch(p -> !p.done);
    }

    /** Records restored since start, all stores together. */
    long totalRestored() {
        return totalRestored;
    }

    /**
     * Per store still restoring: records restored and to restore, over its partitions (finished stores are left
     * out).
     */
    Map<String, Map<String, Long>> inProgress() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        stores.forEach((store, parts) -> {
            long restored = 0;
            long total = 0;
            boolean open = false;
            for (Part p : parts.values()) {
                restored += Math.min(p.restored, p.total);
                total += p.total;
                open |= !p.done;
            }
            if (open) {
                Map<String, Long> row = new LinkedHashMap<>();
                row.put("restored", restored);
                row.put("total", total);
                out.put(store, row);
            }
        });
        return out;
    }

    /** One line: {@code store restored/total (pct%), ...}. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        inProgress().forEach((store, row) -> {
            long total = row.get("total");
            long restored = row.get("restored");
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(String.format("%s %,d/%,d (%d%%)", store, restored, total,
                    total == 0 ? 100 : restored * 100 / total));
        });
        return sb.toString();
    }

    private void maybeLog() {
        long now = System.currentTimeMillis();
        if (now - lastLogMs >= LOG_EVERY_MS) {
            lastLogMs = now;
            String what = describe();
            if (!what.isEmpty()) {
                log.info("Restoring state: {}", what);
            }
        }
    }
}

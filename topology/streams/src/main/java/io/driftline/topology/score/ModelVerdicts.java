package io.driftline.topology.score;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance's {@link ModelRegistry} decided about each record of the model-updates topic, by partition and
 * offset: the bridge from the model-update thread, where bundles are verified (off the stream threads, since a load
 * can take seconds), to the stream task that reads the same records and turns verdicts into MODEL_REJECTED alerts
 * inside the Kafka Streams transaction. Offsets, not model and version, tie the two together: the same version may
 * be published twice and judged differently.
 *
 * <p>Kept in memory only, and that is enough: the model-update listener re-reads the whole topic at every start, so
 * every record a stream task has not yet committed is judged again. The last {@value #LIMIT} verdicts per partition
 * are kept. Thread-safe.
 */
public final class ModelVerdicts {

    /** Verdicts kept per partition; model updates are rare, a stream task is at most a few behind. */
    static final int LIMIT = 4_096;

    /** What is known about one record. */
    public enum Status {
        /** The registry judged it: see {@link Lookup#event()}. */
        DECIDED,
        /** The registry has not reached it yet. */
        PENDING,
        /** The registry went past it without a verdict (skipped, or the verdict was dropped as too old). */
        NONE
    }

    /**
     * The answer for one record; {@code event} and {@code facts} (what the record said of itself) are set when
     * {@code status} is {@link Status#DECIDED}.
     */
    public record Lookup(Status status, ModelEvent event, BundleFacts facts) {
    }

    private record Verdict(ModelEvent event, BundleFacts facts) {
    }

    private static final class Partition {
        final NavigableMap<Long, Verdict> decided = new TreeMap<>();
        long passed = -1;
    }

    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of each verdict as it is decided, on the model-update thread. */
    @FunctionalInterface
    public interface Listener {
        void decided(int partition, long offset, ModelEvent event, BundleFacts facts);
    }

    /** Adds a listener (the service publishes this instance's own verdicts with one). */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Records the registry's verdict on the record at {@code offset}. */
    public void decided(int partition, long offset, ModelEvent event) {
        decided(partition, offset, event, BundleFacts.NONE);
    }

    /** Records the registry's verdict on the record at {@code offset}, with what the record said of itself. */
    public void decided(int partition, long offset, ModelEvent event, BundleFacts facts) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        synchronized (p) {
            p.decided.put(offset, new Verdict(event, facts));
            while (p.decided.size() > LIMIT) {
                p.decided.pollFirstEntry();
            }
            p.passed = Math.max(p.passed, offset);
        }
        for (Listener listener : listeners) {
            listener.decided(partition, offset, event, facts);
        }
    }

    /** Records that the registry went past the record at {@code offset} without a verdict. */
    public void passed(int partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        synchronized (p) {
            p.passed = Math.max(p.passed, offset);
        }
    }

    /** What is known about the record at {@code offset}. */
    public Lookup lookup(int partition, long offset) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return new Lookup(Status.PENDING, null, null);
        }
        synchronized (p) {
            Verdict verdict = p.decided.get(offset);
            if (verdict != null) {
                return new Lookup(Status.DECIDED, verdict.event(), verdict.facts());
            }
            return new Lookup(offset <= p.passed ? Status.NONE : Status.PENDING, null, null);
        }
    }
}

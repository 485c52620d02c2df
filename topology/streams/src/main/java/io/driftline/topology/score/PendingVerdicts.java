package io.driftline.topology.score;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The model-updates records a stream task has read and not yet acted on, waiting by offset in a changelogged store
 * until this instance's {@link ModelRegistry} has judged them (verification runs on the model-update thread and can
 * take seconds). Every stage that turns verdicts into records (MODEL_REJECTED alerts, the audit trail) keeps one, so
 * that nothing waits in memory across a commit and a restarted task acts on exactly what it had not committed.
 */
public final class PendingVerdicts<V> {

    /** What to do with one judged record. */
    @FunctionalInterface
    public interface Action<V> {
        /**
         * Acts on the record at {@code offset} (what the stage kept of it: {@code kept}), whose lookup is DECIDED or
         * NONE (skipped by the registry).
         */
        void apply(long offset, V kept, ModelVerdicts.Lookup verdict);
    }

    private final KeyValueStore<Long, V> pending; // offset -> what the stage keeps of the record
    private final ModelVerdicts verdicts;

    public PendingVerdicts(KeyValueStore<Long, V> pending, ModelVerdicts verdicts) {
        this.pending = pending;
        this.verdicts = verdicts;
    }

    /** Keeps the record at {@code offset} until its verdict is known. */
    public void add(long offset, V kept) {
        pending.put(offset, kept);
    }

    /**
     * Acts on the waiting records of {@code partition} whose verdict is known, oldest first, up to the first still
     * undecided (later ones wait too: a deploy must not be acted on before a rejection that comes before it), and
     * forgets them.
     */
    public void drain(int partition, Action<V> action) {
        List<KeyValue<Long, V>> waiting = new ArrayList<>();
        try (KeyValueIterator<Long, V> it = pending.all()) {
            while (it.hasNext()) {
                waiting.add(it.next());
            }
        }
        for (KeyValue<Long, V> entry : waiting) {
            ModelVerdicts.Lookup verdict = verdicts.lookup(partition, entry.key);
            if (verdict.status() == ModelVerdicts.Status.PENDING) {
                return;
            }
            action.apply(entry.key, entry.value, verdict);
            pending.delete(entry.key);
        }
    }
}

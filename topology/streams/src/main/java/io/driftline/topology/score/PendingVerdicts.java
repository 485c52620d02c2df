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
public final class PendingVerdicts {

    /** What to do with one judged record. */
    @FunctionalInterface
    public interface Action {
        /** Acts on the record at {@code offset}, whose lookup is DECIDED or NONE (skipped by the registry). */
        void apply(long offset, ModelVerdicts.Lookup verdict);
    }

    private final KeyValueStore<Long, Long> pending; // offset -> the record's timestamp
    private final ModelVerdicts verdicts;

    public PendingVerdicts(KeyValueStore<Long, Long> pending, ModelVerdicts verdicts) {
        this.pending = pending;
        this.verdicts = verdicts;
    }

    /** Keeps the record at {@code offset} until its verdict is known. */
    public void add(long offset, long timestamp) {
        pending.put(offset, timestamp);
    }

    /**
     * Acts on the waiting records of {@code partition} whose verdict is known, oldest first, up to the first still
     * undecided (later ones wait too: a deploy must not be acted on before a rejection that comes before it), and
     * forgets them.
     */
    public void drain(int partition, Action action) {
        List<Long> waiting = new ArrayList<>();
        try (KeyValueIterator<Long, Long> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<Long, Long> entry = it.next();
                waiting.add(entry.key);
            }
        }
        for (long offset : waiting) {
            ModelVerdicts.Lookup verdict = verdicts.lookup(partition, offset);
            if (verdict.status() == ModelVerdicts.Status.PENDING) {
                return;
            }
            action.apply(offset, verdict);
            pending.delete(offset);
        }
    }
}

package io.driftline.topology.score;

import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.InputEvent;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each gathered event encoded when it arrives, for the models that served its topic in the last batch, and its event
 * id read for each; the batch then writes those rows into the models' inputs and those ids into the predictions
 * instead of reading the events again.
 *
 * <p>Why: a batch is scored up to {@code score.batch.max.records} events after its first event arrived. By then an
 * event's record, profile and aggregates have left the CPU's caches, and reading its features meant a cache miss at
 * nearly every step (in the throughput benchmark's profile, with exact sample placement, the enriched view's first
 * touch, the boxed values and the vocabulary lookups were most of the batch's encoding, 7% of the stream thread).
 * At arrival the enrich stage has just touched all of it. A row is only a copy of what encoding the event at the
 * batch would have written ({@link FeatureEncoder.Row}), and it is used only by the encoder that made it: after a
 * hot swap, or for an event whose encoding failed on arrival, the batch encodes the event itself, as before, and
 * fails it there as before. Nothing here outlives the batch, so a crash or a commit has nothing of it to keep.
 *
 * <p>Not thread-safe: one per score processor (task).
 */
final class ArrivalEncoding {

    /** A model to encode for: its encoder, its route, and its event id field (null: the event's position). */
    record Model(FeatureEncoder encoder, ModelRoute route, EventField eventId) {
    }

    /** A model that served in the last batch, and the time spent encoding for it since. */
    private static final class Target {
        final Model model;
        long nanos;

        Target(Model model) {
            this.model = model;
        }
    }

    /** What one event got on arrival, per target at the same index (null where it got nothing for it). */
    private record Early(Target[] targets, FeatureEncoder.Row[] rows, String[] ids) {
    }

    private Target[] targets = new Target[0];
    /** What the events gathered since the last batch got on arrival, by event (identity). */
    private final Map<InputEvent, Early> early = new IdentityHashMap<>();

    /**
     * The models to encode arriving events for from now on: those that served the batch just
     * scored (the next batch is served by the same ones, but for a hot swap). Time spent for a model that stays is
     * kept for it.
     */
    void serve(List<Model> models) {
        Target[] next = new Target[models.size()];
        for (int i = 0; i < next.length; i++) {
            Target kept = target(models.get(i).encoder());
            next[i] = kept != null ? kept : new Target(models.get(i));
        }
        targets = next;
    }

    /**
     * Encodes an arriving event for each model serving its topic, and reads its event id for each; what fails is
     * left to the batch.
     */
    void encode(InputEvent event) {
        Early got = null;
        for (int i = 0; i < targets.length; i++) {
            Target target = targets[i];
            Model model = target.model;
            if (!model.route().reads(event.topic())) {
                continue;
            }
            if (got == null) {
                got = new Early(targets, new FeatureEncoder.Row[targets.length], new String[targets.length]);
            }
            long started = System.nanoTime();
            try {
                got.rows[i] = model.encoder().encodeRow(event.features());
            } catch (RuntimeException | StackOverflowError e) {
                // Left to the batch, which encodes the event again and fails it (or its model) as it always has.
            } finally {
                target.nanos += System.nanoTime() - started;
            }
            try {
                got.ids[i] = ScoreProcessor.eventId(model.eventId(), event);
            } catch (RuntimeException e) {
                // The batch reads it again, as before.
            }
        }
        if (got != null) {
            early.put(event, got);
        }
    }

    /** The event's row for this encoder, or null when the batch must encode the event itself. */
    FeatureEncoder.Row row(InputEvent event, FeatureEncoder encoder) {
        Early got = early.get(event);
        int i = slot(got, encoder);
        return i < 0 ? null : got.rows[i];
    }

    /** The event's id for the model of this encoder, read on arrival, or null when the batch must read it. */
    String eventId(InputEvent event, FeatureEncoder encoder) {
        Early got = early.get(event);
        int i = slot(got, encoder);
        return i < 0 ? null : got.ids[i];
    }

    /** Where the encoder's row and id are in what an event got on arrival; -1 when it got nothing for it. */
    private static int slot(Early got, FeatureEncoder encoder) {
        if (got != null) {
            for (int i = 0; i < got.targets.length; i++) {
                if (got.targets[i].model.encoder() == encoder) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The time spent encoding arriving events for this encoder since the last call, in nanoseconds. */
    long takeNanos(FeatureEncoder encoder) {
        Target t = target(encoder);
        if (t == null) {
            return 0;
        }
        long nanos = t.nanos;
        t.nanos = 0;
        return nanos;
    }

    private Target target(FeatureEncoder encoder) {
        for (Target t : targets) {
            if (t.model.encoder() == encoder) {
                return t;
            }
        }
        return null;
    }

    /** Forgets the rows of the events gathered so far (scored, or dropped with the batch). */
    void clear() {
        early.clear();
    }

    /** Events that got something on arrival; for tests. */
    int size() {
        return early.size();
    }
}

package io.driftline.topology.score;

import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.ingest.InputEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each gathered event encoded when it arrives, for the models that served its topic in the last batch; the batch
 * then writes those rows into the models' inputs instead of reading the events again.
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

    /** A model that served in the last batch: its encoder, its route, and the time spent encoding for it since. */
    private static final class Target {
        final FeatureEncoder encoder;
        final ModelRoute route;
        long nanos;

        Target(FeatureEncoder encoder, ModelRoute route) {
            this.encoder = encoder;
            this.route = route;
        }
    }

    private List<Target> targets = List.of();
    /** Rows of the events gathered since the last batch, by event (identity), one per target reading its topic. */
    private final Map<InputEvent, FeatureEncoder.Row[]> rows = new IdentityHashMap<>();

    /**
     * The models to encode arriving events for from now on, by encoder and route: those that served the batch just
     * scored (the next batch is served by the same ones, but for a hot swap). Time spent for a model that stays is
     * kept for it.
     */
    void serve(List<FeatureEncoder> encoders, List<ModelRoute> routes) {
        List<Target> next = new ArrayList<>(encoders.size());
        for (int i = 0; i < encoders.size(); i++) {
            FeatureEncoder encoder = encoders.get(i);
            Target kept = null;
            for (Target t : targets) {
                if (t.encoder == encoder) {
                    kept = t;
                }
            }
            next.add(kept != null ? kept : new Target(encoder, routes.get(i)));
        }
        targets = next;
    }

    /** Encodes an arriving event for each model serving its topic; an event a model cannot encode is left to the batch. */
    void encode(InputEvent event) {
        FeatureEncoder.Row[] encoded = null;
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (!target.route.reads(event.topic())) {
                continue;
            }
            long started = System.nanoTime();
            try {
                FeatureEncoder.Row row = target.encoder.encodeRow(event.features());
                if (encoded == null) {
                    encoded = new FeatureEncoder.Row[targets.size()];
                }
                encoded[i] = row;
            } catch (RuntimeException | StackOverflowError e) {
                // Left to the batch, which encodes the event again and fails it (or its model) as it always has.
            } finally {
                target.nanos += System.nanoTime() - started;
            }
        }
        if (encoded != null) {
            rows.put(event, encoded);
        }
    }

    /** The event's row for this encoder, or null when the batch must encode the event itself. */
    FeatureEncoder.Row row(InputEvent event, FeatureEncoder encoder) {
        FeatureEncoder.Row[] encoded = rows.get(event);
        if (encoded != null) {
            for (FeatureEncoder.Row row : encoded) {
                if (row != null && row.encoder() == encoder) {
                    return row;
                }
            }
        }
        return null;
    }

    /** The time spent encoding arriving events for this encoder since the last call, in nanoseconds. */
    long takeNanos(FeatureEncoder encoder) {
        for (Target t : targets) {
            if (t.encoder == encoder) {
                long nanos = t.nanos;
                t.nanos = 0;
                return nanos;
            }
        }
        return 0;
    }

    /** Forgets the rows of the events gathered so far (scored, or dropped with the batch). */
    void clear() {
        rows.clear();
    }

    /** Events with a row; for tests. */
    int size() {
        return rows.size();
    }
}

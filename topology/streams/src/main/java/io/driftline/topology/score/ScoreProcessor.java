package io.driftline.topology.score;

import io.driftline.Prediction;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.EventFields;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.RejectedRecordException;
import io.driftline.topology.score.onnx.ModelOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each event with every serving model and emits one {@link Prediction} per model, as a {@link ScoredEvent}
 * that also carries the event and the model for the window statistics downstream.
 *
 * <p>While no champion model serves (a fresh deployment before the first bundle), events are parked in the
 * changelogged store {@value #PARKED_STORE}, in arrival order, and scored as soon as a model arrives; later
 * events queue behind parked ones so that order per partition is kept. Because the store is changelogged,
 * parked events survive a crash under exactly-once.
 *
 * <p>Predictions are computed for every model first and forwarded only when every champion succeeded, so a
 * failing event goes whole to the processing exception handler (and the dead-letter topic, code
 * {@code MODEL_FAILED} when the model errs or gives a non-finite score) with nothing half-sent. A shadow that
 * fails on an event is counted per model version ({@link ScoreMetrics#shadowFailuresByModel()}) and leaves only
 * its own prediction out.
 */
final class ScoreProcessor implements Processor<String, InputEvent, String, ScoreResult> {

    static final String PARKED_STORE = "score-awaiting-model";
    /** Parked events scored per model run when a backlog drains. */
    static final int DRAIN_BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(ScoreProcessor.class);

    private final ModelRegistry registry;
    private final EventDecoder decoder;
    private final Clock clock;
    private final Duration drainInterval;
    private final ScoreMetrics metrics;
    private final DeadLetterMetrics deadLetters;

    private ProcessorContext<String, ScoreResult> context;
    private KeyValueStore<Long, InputEvent> parked;
    private long nextSequence;
    private long parkedCount;

    ScoreProcessor(ModelRegistry registry, EventDecoder decoder, Clock clock, Duration drainInterval, ScoreMetrics metrics,
                   DeadLetterMetrics deadLetters) {
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.decoder = decoder;
        this.clock = clock;
        this.drainInterval = drainInterval;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ScoreResult> context) {
        this.context = context;
        this.parked = context.getStateStore(PARKED_STORE);
        try (KeyValueIterator<Long, InputEvent> it = parked.all()) {
            while (it.hasNext()) {
                nextSequence = Math.max(nextSequence, it.next().key + 1);
                parkedCount++;
            }
        }
        metrics.parkedChanged(parkedCount);
        context.schedule(drainInterval, PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    @Override
    public void process(Record<String, InputEvent> record) {
        try {
            score(record);
        } catch (Error e) {
            // No Error may reach Kafka Streams: it would kill the thread, and its successor on the same record.
            throw RejectedRecordException.ofError(e, "event " + record.value().positionId() + " in scoring");
        }
    }

    private void score(Record<String, InputEvent> record) {
        if (parkedCount > 0) {
            drain();
        }
        List<ServingModel.Lease> leases = parkedCount > 0 ? List.of() : leaseWithChampion();
        if (leases.isEmpty()) {
            park(record.value());
            return;
        }
        try {
            for (ScoredEvent scored : predict(record.value(), leases)) {
                context.forward(record.withValue(ScoreResult.of(scored)));
                delivered(scored.prediction());
            }
        } finally {
            leases.forEach(ServingModel.Lease::close);
        }
    }

    private List<ServingModel.Lease> leaseWithChampion() {
        List<ServingModel.Lease> leases = registry.leaseAll();
        if (leases.stream().noneMatch(l -> !l.model().shadow())) {
            leases.forEach(ServingModel.Lease::close);
            return List.of();
        }
        return leases;
    }

    private void park(InputEvent event) {
        parked.put(nextSequence++, event);
        parkedCount++;
        metrics.parkedChanged(1);
        if (parkedCount == 1 || parkedCount % 10_000 == 0) {
            log.info("No model serves yet: {} event(s) parked in {} until one is deployed", parkedCount, PARKED_STORE);
        }
    }

    private void drain() {
        if (parkedCount == 0) {
            return;
        }
        List<ServingModel.Lease> leases = leaseWithChampion();
        if (leases.isEmpty()) {
            return;
        }
        List<Long> done = new ArrayList<>();
        try (KeyValueIterator<Long, InputEvent> it = parked.all()) {
            List<KeyValue<Long, InputEvent>> chunk = new ArrayList<>(DRAIN_BATCH);
            while (it.hasNext()) {
                KeyValue<Long, InputEvent> entry = it.next();
                chunk.add(entry);
                if (chunk.size() == DRAIN_BATCH || !it.hasNext()) {
                    drainChunk(chunk, leases);
                    chunk.forEach(e -> done.add(e.key));
                    chunk.clear();
                }
            }
        } finally {
            leases.forEach(ServingModel.Lease::close);
            done.forEach(parked::delete);
            parkedCount -= done.size();
            metrics.parkedChanged(-done.size());
        }
        log.info("Scored {} parked event(s)", done.size());
    }

    /**
     * Scores a chunk of parked events with one model run per model (a backlog is where batching pays: live events
     * come one at a time), in order. Should the batch fail (one event the model cannot take), the chunk is scored
     * event by event so that only the bad one goes to the dead-letter topic.
     */
    private void drainChunk(List<KeyValue<Long, InputEvent>> chunk, List<ServingModel.Lease> leases) {
        List<InputEvent> frames = new ArrayList<>(chunk.size());
        List<InputEvent> events = new ArrayList<>(chunk.size());
        for (KeyValue<Long, InputEvent> entry : chunk) {
            try {
                events.add(restore(entry.value));
                frames.add(entry.value);
            } catch (RuntimeException e) {
                deadLetterParked(entry.value, e);
            } catch (Error e) {
                deadLetterParked(entry.value, RejectedRecordException.ofError(e, "parked event " + entry.value.positionId()));
            }
        }
        List<List<ScoredEvent>> batch;
        try {
            batch = predictBatch(events, leases);
        } catch (RuntimeException | StackOverflowError e) {
            batch = null; // scored one by one below, to find the event that fails
        }
        for (int i = 0; i < events.size(); i++) {
            InputEvent event = events.get(i);
            try {
                for (ScoredEvent scored : batch != null ? batch.get(i) : predict(event, leases)) {
                    context.forward(new Record<>(event.key(), ScoreResult.of(scored), event.timestamp()));
                    delivered(scored.prediction());
                }
            } catch (RuntimeException e) {
                deadLetterParked(frames.get(i), e);
            } catch (Error e) {
                deadLetterParked(frames.get(i), RejectedRecordException.ofError(e, "parked event " + frames.get(i).positionId()));
            }
        }
    }

    /** The punctuator has no input record for the exception handler, so a parked event is dead-lettered here. */
    private void deadLetterParked(InputEvent frame, RuntimeException e) {
        metrics.recordParkedFailure();
        deadLetters.record(RejectedRecordException.codeOf(e));
        log.warn("Parked event {} could not be scored; sent to the dead-letter topic: {}", frame.positionId(),
                e.getMessage());
        context.forward(new Record<>(frame.key(), ScoreResult.deadLetter(frame.raw()), frame.timestamp(),
                DeadLetterHeaders.of(RejectedRecordException.codeOf(e), e, frame)));
    }

    /** A parked frame decoded again: the value from its bytes, the profile from the bytes it was joined with. */
    private InputEvent restore(InputEvent frame) {
        Enrichment enrichment = frame.enrichment();
        GenericRecord profile = enrichment.profileRaw() == null ? null
                : decoder.decode(frame.topic(), enrichment.profileRaw());
        return frame.withValue(decoder.decode(frame.topic(), frame.raw()))
                .withEnrichment(enrichment.withProfile(profile, enrichment.profileRaw()));
    }

    private void delivered(Prediction prediction) {
        if (!prediction.getShadow()) {
            metrics.delivered(prediction.getEventTime().toEpochMilli(), prediction.getScoredAt().toEpochMilli());
        }
    }

    @Override
    public void close() {
        // The task leaves this instance (or the instance stops): its parked events no longer count here.
        metrics.parkedChanged(-parkedCount);
    }

    private List<ScoredEvent> predict(InputEvent event, List<ServingModel.Lease> leases) {
        return predictBatch(List.of(event), leases).get(0);
    }

    /**
     * Every event scored by every model, one model run per model for the whole list; per event, its predictions in
     * lease order.
     *
     * @throws ScoringException when a model cannot score the list (for one event, the message names it)
     */
    private List<List<ScoredEvent>> predictBatch(List<InputEvent> events, List<ServingModel.Lease> leases) {
        long scoredAt = clock.millis();
        List<List<ScoredEvent>> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(new ArrayList<>(leases.size()));
        }
        if (events.isEmpty()) {
            return out;
        }
        for (ServingModel.Lease lease : leases) {
            ServingModel model = lease.model();
            List<ModelOutput> outputs;
            long started = System.nanoTime();
            try {
                outputs = run(model, events);
            } catch (Exception e) {
                if (!model.shadow()) {
                    throw new ScoringException("model " + model.model() + " v" + model.version() + " could not score "
                            + (events.size() == 1 ? "event " + events.get(0).positionId()
                            : events.size() + " parked events") + ": " + e.getMessage(), e);
                }
                // A shadow's failure never blocks the champion (DESIGN.md, routing): counted, its prediction left out.
                outputs = shadowOneByOne(model, events, e);
            }
            long perEvent = (System.nanoTime() - started) / events.size();
            metrics.batch(events.size());
            for (int i = 0; i < events.size(); i++) {
                if (outputs.get(i) == null) {
                    continue;
                }
                metrics.scored(model, perEvent);
                out.get(i).add(new ScoredEvent(events.get(i), model,
                        prediction(model, events.get(i), outputs.get(i), scoredAt)));
            }
        }
        return out;
    }

    /**
     * One model run over the events' encoded rows. A non-finite score (NaN from a log of a negative, say) is the
     * model failing on that row: published, it would poison every statistic downstream.
     */
    private static List<ModelOutput> run(ServingModel model, List<InputEvent> events) throws Exception {
        // Encoded straight into the model's input buffers, each feature as the element type its ONNX input takes.
        var batch = model.onnx().newBatch(events.size());
        for (int i = 0; i < events.size(); i++) {
            model.encoder().encodeInto(events.get(i).features(), batch, i);
        }
        List<ModelOutput> outputs = model.onnx().score(batch);
        for (int i = 0; i < outputs.size(); i++) {
            ModelOutput output = outputs.get(i);
            boolean finite = Double.isFinite(output.score())
                    && output.scores().values().stream().allMatch(v -> v != null && Double.isFinite(v));
            if (!finite) {
                throw new IllegalStateException("the model gave a non-finite score (" + output.score() + ", scores "
                        + output.scores() + ")" + (events.size() == 1 ? "" : " for row " + i));
            }
        }
        return outputs;
    }

    /** A shadow that failed on a batch, scored event by event: null where it fails, each failure counted. */
    private List<ModelOutput> shadowOneByOne(ServingModel model, List<InputEvent> events, Exception batchFailure) {
        List<ModelOutput> outputs = new ArrayList<>(events.size());
        for (InputEvent event : events) {
            Exception failure = batchFailure;
            if (events.size() > 1) {
                try {
                    outputs.add(run(model, List.of(event)).get(0));
                    continue;
                } catch (Exception e) {
                    failure = e;
                }
            }
            outputs.add(null);
            long failures = metrics.shadowFailed(model);
            if (failures == 1 || failures % 1_000 == 0) {
                log.warn("Shadow model {} v{} could not score event {} ({} failure(s) so far); the champion serves: {}",
                        model.model(), model.version(), event.positionId(), failures, failure.getMessage());
            }
        }
        return outputs;
    }

    private static Prediction prediction(ServingModel model, InputEvent event, ModelOutput output, long scoredAt) {
        return Prediction.newBuilder()
                .setEventId(eventId(model, event))
                .setEntityKey(event.key())
                .setModel(model.model())
                .setModelVersion(model.version())
                .setScore(output.score())
                .setLabel(output.label())
                .setScores(output.scores())
                .setEventTime(Instant.ofEpochMilli(event.timestamp()))
                .setScoredAt(Instant.ofEpochMilli(scoredAt))
                .setShadow(model.shadow())
                .setSourceTopic(event.topic())
                .setSourcePartition(event.partition())
                .setSourceOffset(event.offset())
                .build();
    }

    private static String eventId(ServingModel model, InputEvent event) {
        String field = model.manifest().getEventIdField();
        Object id = field == null ? null : EventFields.get(event.value(), field);
        return id == null ? event.positionId() : id.toString();
    }
}

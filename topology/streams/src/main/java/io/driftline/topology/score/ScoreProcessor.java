package io.driftline.topology.score;

import io.driftline.Prediction;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.RejectedRecordException;
import io.driftline.topology.score.onnx.ModelOutput;
import io.driftline.topology.state.CommitHook;
import io.driftline.topology.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each event with the models routed to it and emits one {@link Prediction} per model, as a
 * {@link ScoredEvent} that also carries the event, the model and its output topic for the stages downstream.
 *
 * <p>Routing: each model name has a champion and perhaps a shadow, which share the champion's route
 * ({@link ModelRoute}: input topics, filter, output topic; a shadow with no champion uses its own). An event is
 * scored by every model whose route reads its topic and selects it. An event of a topic that some champion reads
 * but no filter selects is counted as unrouted and left (nothing was asked of it).
 *
 * <p>While no champion reads an event's topic (a fresh deployment before the first bundle, or a topic whose
 * model is not deployed yet), its events are parked in the changelogged store {@value #PARKED_STORE}, in arrival
 * order with their headers, and scored as soon as a champion for the topic arrives; later events of that topic
 * queue behind parked ones so that order per partition is kept, while other topics' events score on. Because the
 * store is changelogged, parked events survive a crash under exactly-once.
 *
 * <p>Batching: live events are gathered in arrival order ({@link ScoreBatching}: up to {@code maxRecords}, or
 * {@code maxWait}) and scored with one model run per model; the batch is always scored and forwarded before the
 * task commits, by the {@link CommitHook} store that Kafka Streams flushes first at every commit, so under
 * exactly-once a batch's predictions are in the transaction that commits its input offsets and a crash loses or
 * repeats none. Each event is forwarded with its own record context, in arrival order, so order per partition is
 * kept. Each event's features are encoded as it arrives, for the models of the last batch ({@link ArrivalEncoding}),
 * and the batch writes those rows into the models' inputs.
 *
 * <p>Failures stay with their model and their event. Predictions are computed for every routed model first; a
 * batch that a model cannot run is run again event by event, so only the events it cannot score fail. When every
 * routed champion fails on an event, the event goes to the dead-letter topic (code {@code MODEL_FAILED} when the
 * model errs or gives a non-finite score), as the exception handler would send it, with nothing half-sent. When
 * some champion succeeds, its predictions are sent and each failed champion's failure goes to the dead-letter
 * topic as a record of its own naming the model, so one model's bad event never costs another model its
 * prediction. A shadow that fails on an event is counted per model version
 * ({@link ScoreMetrics#shadowFailuresByModel()}) and leaves only its own prediction out; a champion's failures are
 * counted per model too ({@link ScoreMetrics#championFailuresByModel()}).
 */
final class ScoreProcessor implements Processor<String, InputEvent, String, Object> {

    static final String PARKED_STORE = "score-awaiting-model";
    /**
     * The two children this processor forwards to, each by name, so that neither sees the other's records: the
     * scored events (a {@link ScoredEvent} each) and the dead-letter sink (an event's original bytes). A single
     * output type split by two filtering children (what this was) cost every scored event a visit to the
     * dead-letter branch, and a wrapper and a record copy on the way: a tenth of Kafka Streams' per-event
     * forwarding in the throughput benchmark's profile.
     */
    static final String SCORED_CHILD = "score-scored-events";
    static final String DEAD_LETTER_CHILD = "score-dead-letter-sink";
    /** The {@link CommitHook} that flushes the batch before each commit. */
    static final String BATCH_HOOK = "score-batch-commit-hook";
    /** Parked events scored per model run when a backlog drains. */
    static final int DRAIN_BATCH = 256;
    /** Compiled routes kept per model version (identity); older versions' routes are dropped past this. */
    private static final int ROUTE_CACHE_LIMIT = 256;
    private static final Logger log = LoggerFactory.getLogger(ScoreProcessor.class);

    private final ModelRegistry registry;
    private final EventDecoder decoder;
    private final TopicNames names;
    private final Clock clock;
    private final Duration drainInterval;
    private final ScoreMetrics metrics;
    private final DeadLetterMetrics deadLetters;
    private final Map<ServingModel, Compiled> compiled = new IdentityHashMap<>();

    private ProcessorContext<String, Object> context;
    /** Kafka Streams' context behind {@link #context}, to forward at commit time; null in a mock context. */
    private InternalProcessorContext<String, Object> internal;
    private ProcessorNode<?, ?, ?, ?> node;
    private final ScoreBatching batching;
    /** Events gathered for the next batch, in arrival order, each with the record context it arrived with. */
    private final List<Pending> pending = new ArrayList<>();
    /** The gathered events' features, encoded as they arrived (see {@link ArrivalEncoding}). */
    private final ArrivalEncoding arrival = new ArrivalEncoding();
    /** Under exactly-once a prediction is visible downstream only once its transaction commits. */
    private boolean visibleAtCommit;
    /** Event times of the champion predictions sent since the last commit (exactly-once only). */
    private final EventTimes uncommitted = new EventTimes();
    private KeyValueStore<Long, ParkedEvent> parked;
    private long nextSequence;
    /** Parked events per topic. */
    private final Map<String, Long> parkedByTopic = new HashMap<>();
    private long parkedCount;

    /** A growable list of event times without boxing (up to a commit interval's predictions). */
    private static final class EventTimes {
        private long[] times = new long[256];
        private int size;

        void add(long time) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
            }
            times[size++] = time;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void forEach(LongConsumer action) {
            for (int i = 0; i < size; i++) {
                action.accept(times[i]);
            }
        }

        void clear() {
            size = 0;
            if (times.length > 65_536) {
                times = new long[256]; // a burst's array is not kept for ever
            }
        }
    }

    /** The models of one name serving an event: the champion (or null) and the shadow (or null), on one route. */
    private record Group(ServingModel champion, ServingModel shadow, ModelRoute route) {
    }

    /**
     * What a model version's manifest declares, compiled once and read per event: its route, and the path of its
     * event id field (null: the event's position is its id).
     */
    private record Compiled(ModelRoute route, EventField eventId) {
    }

    /** An event waiting for its batch, with its record context (null in a mock context). */
    private record Pending(Record<String, InputEvent> record, ProcessorRecordContext context) {
    }

    /** What scoring one event gave: predictions to send, and the failures of champions that could not score it. */
    private record Outcome(List<ScoredEvent> predictions, List<ScoringException> failures) {
    }

    ScoreProcessor(ModelRegistry registry, EventDecoder decoder, TopicNames names, Clock clock, Duration drainInterval,
                   ScoreBatching batching, ScoreMetrics metrics, DeadLetterMetrics deadLetters) {
        this.batching = batching;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.decoder = decoder;
        this.names = names;
        this.clock = clock;
        this.drainInterval = drainInterval;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        if (context instanceof InternalProcessorContext<?, ?> streams) {
            internal = (InternalProcessorContext<String, Object>) streams;
            node = internal.currentNode(); // this processor's node, current while it initialises
            CommitHook hook = context.getStateStore(BATCH_HOOK);
            hook.onCommit(this::beforeCommit);
            visibleAtCommit = StreamsConfig.EXACTLY_ONCE_V2.equals(
                    String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
            context.schedule(batching.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> flushBatch());
        }
        this.parked = context.getStateStore(PARKED_STORE);
        try (KeyValueIterator<Long, ParkedEvent> it = parked.all()) {
            while (it.hasNext()) {
                KeyValue<Long, ParkedEvent> entry = it.next();
                nextSequence = Math.max(nextSequence, entry.key + 1);
                parkedByTopic.merge(entry.value.event().topic(), 1L, Long::sum);
                parkedCount++;
            }
        }
        metrics.parkedChanged(parkedCount);
        context.schedule(drainInterval, PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    @Override
    public void process(Record<String, InputEvent> record) {
        pending.add(new Pending(record, internal == null ? null : internal.recordContext()));
        InputEvent event = record.value();
        if (internal != null && event != null && (parkedCount == 0 || parkedOf(event.topic()) == 0)) {
            arrival.encode(event); // while its record, profile and aggregates are still in the CPU's caches
        }
        if (internal == null || pending.size() >= batching.maxRecords()) {
            flushBatch();
        }
    }

    /**
     * Scores and forwards every gathered event: when the batch is full, when it has waited
     * {@code score.batch.max.wait.ms}, and before every commit of the task ({@link CommitHook}). Kafka Streams has
     * no current node when it commits, so each event is forwarded as this processor with the record context it
     * arrived with (topic, partition, offset, headers, raw bytes), as Kafka Streams' own caches forward on flush:
     * downstream stages and the exception handler see the event's own metadata.
     */
    private void flushBatch() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        ProcessorNode<?, ?, ?, ?> previousNode = internal == null ? null : internal.currentNode();
        ProcessorRecordContext previousContext = internal == null ? null : internal.recordContext();
        if (internal != null) {
            internal.setCurrentNode(node);
        }
        try {
            scoreAll(batch);
        } finally {
            if (internal != null) {
                internal.setCurrentNode(previousNode);
                internal.setRecordContext(previousContext);
            }
        }
    }

    private void scoreAll(List<Pending> batch) {
        List<ServingModel.Lease> leases = registry.leaseAll();
        try {
            List<Group> groups = groups(leases);
            serveOnArrival(groups);
            List<Pending> scored = new ArrayList<>(batch.size());
            List<InputEvent> events = new ArrayList<>(batch.size());
            List<List<Group>> routes = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                enter(p);
                InputEvent event = p.record().value();
                try {
                    List<Group> routed = route(event, p.record().headers(), groups);
                    if (routed != null) {
                        scored.add(p);
                        events.add(event);
                        routes.add(routed);
                    }
                } catch (RuntimeException e) {
                    deadLetter(event, e);
                } catch (Error e) {
                    // No Error may reach Kafka Streams: it would kill the thread, and its successor on the same record.
                    deadLetter(event, RejectedRecordException.ofError(e, "event " + event.positionId() + " in routing"));
                }
            }
            List<Outcome> outcomes;
            try {
                outcomes = scoreBatch(events, routes);
            } catch (Error e) {
                outcomes = oneByOne(events, routes); // only the event that raised it goes to the dead-letter topic
            }
            for (int i = 0; i < scored.size(); i++) {
                Pending p = scored.get(i);
                enter(p);
                Outcome outcome = outcomes.get(i);
                if (outcome == null) {
                    continue; // dead-lettered by oneByOne
                }
                for (ScoredEvent result : outcome.predictions()) {
                    context.forward(p.record().withValue(result), SCORED_CHILD);
                    delivered(result.prediction());
                }
                if (outcome.predictions().isEmpty()) {
                    deadLetter(p.record().value(), outcome.failures().get(0)); // no model scored it: the event
                } else {
                    for (ScoringException failure : outcome.failures()) {
                        deadLetter(p.record().value(), failure); // one model's failure, beside the others' predictions
                    }
                }
            }
        } finally {
            arrival.clear();
            leases.forEach(ServingModel.Lease::close);
        }
    }

    /** The models that encode the next batch's events as they arrive: this batch's, champions and shadows. */
    private void serveOnArrival(List<Group> groups) {
        List<ArrivalEncoding.Model> models = new ArrayList<>(2 * groups.size());
        for (Group group : groups) {
            for (ServingModel model : new ServingModel[] {group.champion(), group.shadow()}) {
                if (model != null) {
                    models.add(new ArrivalEncoding.Model(model.encoder(), group.route(), compiled(model).eventId()));
                }
            }
        }
        arrival.serve(models);
    }

    /** Makes {@code p}'s record context current, for what is forwarded or dead-lettered on its behalf. */
    private void enter(Pending p) {
        if (internal != null && p.context() != null) {
            internal.setRecordContext(p.context());
        }
    }

    /**
     * The groups that score the event now, or null when it is parked (no champion reads its topic yet, or events of
     * its topic are parked before it) or unrouted (no filter selects it).
     */
    private List<Group> route(InputEvent event, Headers headers, List<Group> groups) {
        String topic = event.topic();
        if (parkedOf(topic) > 0) {
            drain();
        }
        if (parkedOf(topic) > 0 || !served(topic, groups)) {
            park(event, headers);
            return null;
        }
        List<Group> routed = routed(event, headers, groups);
        if (routed.isEmpty()) {
            metrics.unrouted(topic);
            return null;
        }
        return routed;
    }

    /** The batch scored event by event after an Error: null (and a dead letter) for each event that raises one. */
    private List<Outcome> oneByOne(List<InputEvent> events, List<List<Group>> routes) {
        List<Outcome> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                out.add(scoreBatch(List.of(events.get(i)), List.of(routes.get(i))).get(0));
            } catch (Error e) {
                out.add(null);
                deadLetter(events.get(i), RejectedRecordException.ofError(e, "event " + events.get(i).positionId()
                        + " in scoring"));
            }
        }
        return out;
    }

    private long parkedOf(String topic) {
        return parkedCount == 0 ? 0 : parkedByTopic.getOrDefault(topic, 0L);
    }

    /** The leased models by name (in name order, so that predictions come out in a stable order). */
    private List<Group> groups(List<ServingModel.Lease> leases) {
        Map<String, ServingModel[]> byName = new TreeMap<>();
        for (ServingModel.Lease lease : leases) {
            ServingModel model = lease.model();
            byName.computeIfAbsent(model.model(), k -> new ServingModel[2])[model.shadow() ? 1 : 0] = model;
        }
        List<Group> groups = new ArrayList<>(byName.size());
        for (ServingModel[] pair : byName.values()) {
            groups.add(new Group(pair[0], pair[1], compiled(pair[0] != null ? pair[0] : pair[1]).route()));
        }
        return groups;
    }

    private Compiled compiled(ServingModel model) {
        Compiled c = compiled.get(model);
        if (c == null) {
            if (compiled.size() >= ROUTE_CACHE_LIMIT) {
                compiled.clear();
            }
            String idField = model.manifest().getEventIdField();
            c = new Compiled(ModelRoute.of(model.manifest(), names), idField == null ? null : EventField.of(idField));
            compiled.put(model, c);
        }
        return c;
    }

    /** True when a champion reads the topic: its events are scored now rather than parked. */
    private static boolean served(String topic, List<Group> groups) {
        for (Group group : groups) {
            if (group.champion() != null && group.route().reads(topic)) {
                return true;
            }
        }
        return false;
    }

    private static List<Group> routed(InputEvent event, Headers headers, List<Group> groups) {
        List<Group> routed = new ArrayList<>(groups.size());
        for (Group group : groups) {
            if (group.route().reads(event.topic()) && group.route().selects(event, headers)) {
                routed.add(group);
            }
        }
        return routed;
    }

    private void park(InputEvent event, Headers headers) {
        parked.put(nextSequence++, new ParkedEvent(event, headers));
        parkedByTopic.merge(event.topic(), 1L, Long::sum);
        parkedCount++;
        metrics.parkedChanged(1);
        if (parkedCount == 1 || parkedCount % 10_000 == 0) {
            log.info("No model serves topic {} yet: {} event(s) parked in {} until one is deployed", event.topic(),
                    parkedCount, PARKED_STORE);
        }
    }

    private void drain() {
        if (parkedCount == 0) {
            return;
        }
        List<ServingModel.Lease> leases = registry.leaseAll();
        List<Long> done = new ArrayList<>();
        Map<String, Long> doneByTopic = new HashMap<>();
        try {
            List<Group> groups = groups(leases);
            if (parkedByTopic.keySet().stream().noneMatch(t -> served(t, groups))) {
                return;
            }
            try (KeyValueIterator<Long, ParkedEvent> it = parked.all()) {
                List<KeyValue<Long, ParkedEvent>> chunk = new ArrayList<>(DRAIN_BATCH);
                while (it.hasNext()) {
                    KeyValue<Long, ParkedEvent> entry = it.next();
                    if (served(entry.value.event().topic(), groups)) {
                        chunk.add(entry);
                    }
                    if (chunk.size() == DRAIN_BATCH || (!it.hasNext() && !chunk.isEmpty())) {
                        drainChunk(chunk, groups);
                        for (KeyValue<Long, ParkedEvent> e : chunk) {
                            done.add(e.key);
                            doneByTopic.merge(e.value.event().topic(), 1L, Long::sum);
                        }
                        chunk.clear();
                    }
                }
            }
        } finally {
            leases.forEach(ServingModel.Lease::close);
            done.forEach(parked::delete);
            doneByTopic.forEach((topic, n) -> parkedByTopic.computeIfPresent(topic, (t, count) -> count - n > 0
                    ? count - n : null));
            parkedCount -= done.size();
            metrics.parkedChanged(-done.size());
        }
        if (!done.isEmpty()) {
            log.info("Scored {} parked event(s)", done.size());
        }
    }

    /**
     * Scores a chunk of parked events with one model run per model (a backlog is where batching pays: live events
     * come one at a time), in order. Should a batch fail (one event the model cannot take), that model scores the
     * chunk event by event so that only the bad one goes to the dead-letter topic.
     */
    private void drainChunk(List<KeyValue<Long, ParkedEvent>> chunk, List<Group> groups) {
        List<ParkedEvent> frames = new ArrayList<>(chunk.size());
        List<InputEvent> events = new ArrayList<>(chunk.size());
        List<List<Group>> routes = new ArrayList<>(chunk.size());
        for (KeyValue<Long, ParkedEvent> entry : chunk) {
            try {
                InputEvent event = restore(entry.value.event());
                List<Group> routed = routed(event, entry.value.headers(), groups);
                if (routed.isEmpty()) {
                    metrics.unrouted(event.topic());
                    continue;
                }
                events.add(event);
                frames.add(entry.value);
                routes.add(routed);
            } catch (RuntimeException e) {
                deadLetterParked(entry.value.event(), e);
            } catch (Error e) {
                deadLetterParked(entry.value.event(), RejectedRecordException.ofError(e, "parked event "
                        + entry.value.event().positionId()));
            }
        }
        List<Outcome> outcomes = scoreBatch(events, routes);
        for (int i = 0; i < events.size(); i++) {
            InputEvent event = events.get(i);
            Outcome outcome = outcomes.get(i);
            for (ScoredEvent scored : outcome.predictions()) {
                context.forward(new Record<>(event.key(), scored, event.timestamp()), SCORED_CHILD);
                delivered(scored.prediction());
            }
            for (ScoringException failure : outcome.failures()) {
                deadLetterParked(frames.get(i).event(), failure);
            }
        }
    }

    /** The punctuator has no input record for the exception handler, so a parked event is dead-lettered here. */
    private void deadLetterParked(InputEvent frame, RuntimeException e) {
        metrics.recordParkedFailure();
        deadLetter(frame, e);
    }

    /**
     * Sends the event's original bytes to the dead-letter topic with the reason, as the exception handler would:
     * for a parked event (no input record), or for one model's failure on an event another model scored.
     */
    private void deadLetter(InputEvent frame, RuntimeException e) {
        DeadLetterCode code = RejectedRecordException.codeOf(e);
        deadLetters.record(code);
        log.warn("Event {} sent to the dead-letter topic: {}", frame.positionId(), e.getMessage());
        context.forward(new Record<>(frame.key(), (Object) frame.raw(), frame.timestamp(),
                DeadLetterHeaders.of(code, e, frame)), DEAD_LETTER_CHILD);
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
        if (prediction.getShadow()) {
            return;
        }
        long eventTime = prediction.getEventTime().toEpochMilli();
        long scoredAt = prediction.getScoredAt().toEpochMilli();
        metrics.scored(eventTime, scoredAt);
        if (visibleAtCommit) {
            uncommitted.add(eventTime); // visible once the transaction commits: timed at the commit hook
        } else {
            metrics.visible(eventTime, scoredAt);
        }
    }

    /**
     * Before each commit of the task ({@link CommitHook}): the gathered batch scored and forwarded, then every
     * champion prediction sent since the last commit timed as visible now. The transaction's own commit, which
     * follows, is left out (Kafka Streams reports it as {@code commit-latency}); Kafka Streams has no hook after it.
     */
    private void beforeCommit() {
        flushBatch();
        if (!uncommitted.isEmpty()) {
            long now = clock.millis();
            uncommitted.forEach(eventTime -> metrics.visible(eventTime, now));
            uncommitted.clear();
        }
    }

    @Override
    public void close() {
        uncommitted.clear();
        arrival.clear();
        pending.clear(); // a clean close committed them (the hook ran); a dirty one reads them again after a restart
        // The task leaves this instance (or the instance stops): its parked events no longer count here.
        metrics.parkedChanged(-parkedCount);
    }

    /**
     * Every event scored by the models routed to it ({@code routes}, one list per event), one model run per model
     * for the events routed to it. Per event, its predictions in group order (champion, then shadow), and the
     * failures of its champions; a failed champion's shadow prediction is left out with it.
     */
    private List<Outcome> scoreBatch(List<InputEvent> events, List<List<Group>> routes) {
        long scoredAt = clock.millis();
        List<Outcome> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(new Outcome(new ArrayList<>(2), new ArrayList<>(0)));
        }
        if (events.isEmpty()) {
            return out;
        }
        Map<Group, List<Integer>> members = new IdentityHashMap<>();
        List<Group> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            for (Group group : routes.get(i)) {
                members.computeIfAbsent(group, g -> {
                    order.add(g);
                    return new ArrayList<>();
                }).add(i);
            }
        }
        for (Group group : order) {
            List<Integer> indices = members.get(group);
            List<InputEvent> subset = new ArrayList<>(indices.size());
            indices.forEach(i -> subset.add(events.get(i)));
            boolean[] championFailed = new boolean[indices.size()];
            List<ModelOutput> championOutputs = null;
            if (group.champion() != null) {
                double[][] observed = new double[subset.size()][];
                championOutputs = championRun(group.champion(), subset, indices, out, observed);
                for (int j = 0; j < indices.size(); j++) {
                    championFailed[j] = championOutputs.get(j) == null;
                }
                collect(group.champion(), group.route(), subset, indices, championOutputs, null, observed, scoredAt,
                        out);
            }
            if (group.shadow() != null) {
                double[][] observed = new double[subset.size()][];
                List<ModelOutput> outputs = shadowRun(group.shadow(), subset, observed);
                for (int j = 0; j < indices.size(); j++) {
                    if (championFailed[j]) {
                        outputs.set(j, null);
                    }
                }
                // The champion's answers ride along, so that the shadow's statistics compare the two on each event.
                collect(group.shadow(), group.route(), subset, indices, outputs,
                        group.champion() == null ? null : new Champion(group.champion().version(), championOutputs),
                        observed, scoredAt, out);
            }
        }
        return out;
    }

    /** The champion's outputs on a group's events, beside its version. */
    private record Champion(String version, List<ModelOutput> outputs) {
        ChampionScore at(int j) {
            ModelOutput output = outputs.get(j);
            return output == null ? null : new ChampionScore(version, output.score(), output.label());
        }
    }

    /** @param observed per event of {@code subset}, what the model's encoder read from it (see {@link ScoredEvent}) */
    private void collect(ServingModel model, ModelRoute route, List<InputEvent> subset, List<Integer> indices,
                         List<ModelOutput> outputs, Champion champion, double[][] observed, long scoredAt,
                         List<Outcome> out) {
        EventField eventId = compiled(model).eventId();
        for (int j = 0; j < subset.size(); j++) {
            if (outputs.get(j) != null) {
                InputEvent event = subset.get(j);
                String id = arrival.eventId(event, model.encoder()); // read on arrival, while the event was cached
                out.get(indices.get(j)).predictions().add(new ScoredEvent(event, model,
                        prediction(model, id != null ? id : eventId(eventId, event), event, outputs.get(j), scoredAt,
                                champion == null ? null : champion.at(j)), route.outputTopic(),
                        champion == null ? null : champion.at(j), observed[j]));
            }
        }
    }

    /**
     * A champion over its events in one run; should the run fail, event by event, so that only the events it
     * cannot score fail (null output, the failure added to the event's outcome).
     */
    private List<ModelOutput> championRun(ServingModel model, List<InputEvent> subset, List<Integer> indices,
                                          List<Outcome> out, double[][] observed) {
        try {
            return new ArrayList<>(run(model, subset, observed, 0));
        } catch (Exception | StackOverflowError batchFailure) {
            List<ModelOutput> outputs = new ArrayList<>(subset.size());
            for (int j = 0; j < subset.size(); j++) {
                InputEvent event = subset.get(j);
                Throwable failure = batchFailure;
                if (subset.size() > 1) {
                    try {
                        outputs.add(run(model, List.of(event), observed, j).get(0));
                        continue;
                    } catch (Exception | StackOverflowError e) {
                        failure = e;
                    }
                }
                outputs.add(null);
                metrics.championFailed(model);
                out.get(indices.get(j)).failures().add(new ScoringException("model " + model.model() + " v"
                        + model.version() + " could not score event " + event.positionId() + ": "
                        + failure.getMessage(), failure));
            }
            return outputs;
        }
    }

    /** A shadow over its events: null where it fails, each failure counted, never an exception. */
    private List<ModelOutput> shadowRun(ServingModel model, List<InputEvent> subset, double[][] observed) {
        try {
            return new ArrayList<>(run(model, subset, observed, 0));
        } catch (Exception e) {
            // A shadow's failure never blocks the champion (DESIGN.md, routing): counted, its prediction left out.
            return shadowOneByOne(model, subset, e, observed);
        }
    }

    /**
     * One model run over the events' encoded rows. A non-finite score (NaN from a log of a negative, say) is the
     * model failing on that row: published, it would poison every statistic downstream.
     *
     * @param observed what the encoder read from event {@code i} goes to {@code observed[from + i]}
     */
    private List<ModelOutput> run(ServingModel model, List<InputEvent> events, double[][] observed, int from)
            throws Exception {
        // Encoded straight into the model's input buffers, each feature as the element type its ONNX input takes.
        long started = System.nanoTime();
        var batch = model.onnx().newBatch(events.size());
        FeatureEncoder encoder = model.encoder();
        for (int i = 0; i < events.size(); i++) {
            InputEvent event = events.get(i);
            FeatureEncoder.Row early = arrival.row(event, encoder);
            if (early != null) {
                encoder.writeRow(early, batch, i);
                observed[from + i] = early.observed();
            } else { // not encoded on arrival (a parked event, a hot swap since, a failure): encoded now
                double[] row = new double[encoder.size()];
                encoder.encodeInto(event.features(), batch, i, row);
                observed[from + i] = row;
            }
        }
        long encoded = System.nanoTime();
        List<ModelOutput> outputs = model.onnx().score(batch);
        long scored = System.nanoTime();
        for (int i = 0; i < outputs.size(); i++) {
            ModelOutput output = outputs.get(i);
            if (!finite(output)) {
                throw new IllegalStateException("the model gave a non-finite score (" + output.score() + ", scores "
                        + output.scores() + ")" + (events.size() == 1 ? "" : " for row " + i));
            }
        }
        // Encoding time includes the events' encoding on arrival for this model since its last run.
        metrics.modelRun(model, events.size(), encoded - started + arrival.takeNanos(encoder), scored - encoded);
        return outputs;
    }

    private static boolean finite(ModelOutput output) {
        if (!Double.isFinite(output.score())) {
            return false;
        }
        for (Double v : output.scores().values()) {
            if (v == null || !Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A shadow that failed on a batch, scored event by event: null where it fails, each failure counted. */
    private List<ModelOutput> shadowOneByOne(ServingModel model, List<InputEvent> events, Exception batchFailure,
                                             double[][] observed) {
        List<ModelOutput> outputs = new ArrayList<>(events.size());
        for (InputEvent event : events) {
            Exception failure = batchFailure;
            if (events.size() > 1) {
                try {
                    outputs.add(run(model, List.of(event), observed, outputs.size()).get(0));
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

    private static Prediction prediction(ServingModel model, String eventId, InputEvent event,
                                         ModelOutput output, long scoredAt, ChampionScore champion) {
        return Prediction.newBuilder()
                .setEventId(eventId)
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
                .setChampionVersion(champion == null ? null : champion.version())
                .setChampionScore(champion == null ? null : champion.score())
                .setChampionLabel(champion == null ? null : champion.label())
                .build();
    }

    /** The event's id for a model reading it from {@code field} (null: the event's position). */
    static String eventId(EventField field, InputEvent event) {
        Object id = field == null ? null : field.get(event.value());
        return id == null ? event.positionId() : id.toString();
    }
}

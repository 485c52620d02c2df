package io.driftline.topology.score;

import io.driftline.Prediction;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.CommitHook;
import io.driftline.topology.topics.Topic;
import io.driftline.topology.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * Score stage: every decoded event is scored by the models serving on this instance (see {@link ModelRegistry})
 * whose route reads and selects it ({@link ModelRoute}), in batches ({@link ScoreBatching}); events of a topic no
 * champion reads yet are parked in a changelogged store.
 */
public final class ScoreStage {

    /** The store whose only part is the hook that scores the batch before each commit; it never writes a file. */
    public static final String BATCH_HOOK_STORE = ScoreProcessor.BATCH_HOOK;

    private ScoreStage() {
    }

    /**
     * Scores the events; one scored event (its prediction, the event and the model) per event per serving model,
     * keyed by entity id. Parked events that cannot be scored once a model arrives go to {@code deadLetterTopic}
     * with their original bytes. {@link #predictions} makes the published predictions of it.
     */
    public static KStream<String, ScoredEvent> score(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                    ModelRegistry registry, EventDecoder decoder, TopicNames names,
                                                    ScoreMetrics metrics,
                                                    Clock clock, Duration drainInterval, ScoreBatching batching,
                                                    String deadLetterTopic, DeadLetterMetrics deadLetters) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ScoreProcessor.PARKED_STORE), Serdes.Long(), ParkedEvent.LAYOUT));
        // Added before any later stage's store: flushed first at commit, so what the batch forwards reaches their
        // stores before they are flushed (see CommitHook).
        builder.addStateStore(CommitHook.builder(ScoreProcessor.BATCH_HOOK));
        KStream<String, Object> results = events.process(
                () -> new ScoreProcessor(registry, decoder, names, clock, drainInterval, batching, metrics, deadLetters),
                Named.as("score-models"), ScoreProcessor.PARKED_STORE, ScoreProcessor.BATCH_HOOK);
        // The processor forwards to each child by name (ScoreProcessor.SCORED_CHILD, DEAD_LETTER_CHILD): each
        // child's view of the stream holds only the values forwarded to it.
        deadLetterBytes(results).to(deadLetterTopic, Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName(ScoreProcessor.DEAD_LETTER_CHILD));
        return results.processValues(ScoredEvents::new, Named.as(ScoreProcessor.SCORED_CHILD));
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, byte[]> deadLetterBytes(KStream<String, Object> results) {
        return (KStream<String, byte[]>) (KStream<String, ?>) results;
    }

    /** The scored events' node: the values the score processor forwards to it, as they are (no record copy). */
    private static final class ScoredEvents implements FixedKeyProcessor<String, Object, ScoredEvent> {

        private FixedKeyProcessorContext<String, ScoredEvent> context;

        @Override
        public void init(FixedKeyProcessorContext<String, ScoredEvent> context) {
            this.context = context;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void process(FixedKeyRecord<String, Object> record) {
            if (!(record.value() instanceof ScoredEvent)) {
                throw new IllegalStateException("not a scored event: " + record.value());
            }
            context.forward((FixedKeyRecord) record);
        }
    }

    /**
     * Sends each scored event's prediction to its model's output topic ({@link ModelRoute#outputTopic()}; the
     * service's predictions topic by default), keyed by entity id, serialised as {@code predictions} serialises.
     */
    public static void publish(KStream<String, ScoredEvent> scored, Topic<String, Prediction> predictions) {
        Serializer<Prediction> values = predictions.valueSerde().serializer();
        Serde<ScoredEvent> byPrediction = Serdes.serdeFrom((topic, s) -> values.serialize(topic, s.prediction()),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("scored events are written, never read");
                });
        String fallback = predictions.name();
        scored.to((key, s, context) -> s.outputTopic() != null ? s.outputTopic() : fallback,
                Produced.with(predictions.keySerde(), byPrediction).withName("predictions-sink"));
    }

    /** The predictions of scored events, one per event per serving model, keyed by entity id. */
    public static KStream<String, Prediction> predictions(KStream<String, ScoredEvent> scored) {
        return scored.mapValues(ScoredEvent::prediction, Named.as("score-prediction-values"));
    }
}

package io.driftline.topology.score;

import io.driftline.Prediction;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.InputEvent;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Score stage: every decoded event is scored by every model serving on this instance (see
 * {@link ModelRegistry}); events that arrive before any model are parked in a changelogged store.
 */
public final class ScoreStage {

    private ScoreStage() {
    }

    /**
     * Scores the events; one scored event (its prediction, the event and the model) per event per serving model,
     * keyed by entity id. Parked events that cannot be scored once a model arrives go to {@code deadLetterTopic}
     * with their original bytes. {@link #predictions} makes the published predictions of it.
     */
    public static KStream<String, ScoredEvent> score(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                    ModelRegistry registry, EventDecoder decoder, ScoreMetrics metrics,
                                                    Clock clock, Duration drainInterval, String deadLetterTopic,
                                                    DeadLetterMetrics deadLetters) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ScoreProcessor.PARKED_STORE), Serdes.Long(), ParkedEvent.LAYOUT));
        KStream<String, ScoreResult> results = events.process(
                () -> new ScoreProcessor(registry, decoder, clock, drainInterval, metrics, deadLetters),
                Named.as("score-models"), ScoreProcessor.PARKED_STORE);
        results.filterNot((key, result) -> result.isPrediction(), Named.as("score-dead-letters"))
                .mapValues(ScoreResult::deadLetter, Named.as("score-dead-letter-bytes"))
                .to(deadLetterTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("score-dead-letter-sink"));
        return results.filter((key, result) -> result.isPrediction(), Named.as("score-predictions"))
                .mapValues(ScoreResult::scored, Named.as("score-scored-events"));
    }

    /** The predictions of scored events, one per event per serving model, keyed by entity id. */
    public static KStream<String, Prediction> predictions(KStream<String, ScoredEvent> scored) {
        return scored.mapValues(ScoredEvent::prediction, Named.as("score-prediction-values"));
    }
}

package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.TimestampGuard;
import io.driftline.topology.state.TimeLayout;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.state.Stores;

/**
 * The label join: delayed ground truth from the labels topic (keyed by event id) joined with the predictions of
 * the same event, within {@link LabelSettings#maxDelay()}. Predictions are keyed by entity, so they are first
 * repartitioned by event id ({@value #PREDICTIONS_BY_EVENT}); this costs one internal write per prediction, which
 * is why labels are off unless switched on. The join is Kafka Streams' windowed stream-stream join: both sides
 * wait in its changelogged window stores ({@value #JOIN_STORE}), so a label that arrives before its prediction
 * (clocks differ) joins as well as one that arrives after it. A label sent twice (an at-least-once producer's
 * retry) joins once: later copies are dropped before the join ({@value #DEDUPE_STORE}). Each event's label joins every model version that
 * scored it, shadows included, so a challenger's performance is measured on the same outcomes.
 *
 * <p>The joined records go two ways: to the concept drift detector (see
 * {@link io.driftline.topology.concept.ConceptStage}), and through {@value #LABELLED_TO_STATS} to the window
 * statistics tasks, which count them into the window of their label's arrival and merge them like the rest of a
 * window's statistics; so performance never funnels through one partition either.
 */
public final class LabelStage {

    public static final String SOURCE = "labels-source";
    public static final String DECODE_PROCESSOR = "labels-decode";
    /** Drops a label whose event already had one (see {@link LabelDedupeProcessor}). */
    public static final String DEDUPE_PROCESSOR = "labels-dedupe";
    /** Repartition topic of the predictions keyed by event id. */
    public static final String PREDICTIONS_BY_EVENT = "label-join-predictions";
    /** Name of the join and prefix of its two window stores. */
    public static final String JOIN_STORE = "label-join";
    /** Per task: the event ids whose label went through, to drop a producer's duplicates (changelogged). */
    public static final String DEDUPE_STORE = "label-dedupe";
    /** Repartition topic that takes the labelled predictions to the window statistics tasks. */
    public static final String LABELLED_TO_STATS = "labelled-predictions";

    private LabelStage() {
    }

    /**
     * Predictions joined with their labels, keyed by event id.
     *
     * @param labelsTopic the labels topic, whose values are Confluent-framed Avro in any schema with the fields of
     *                    {@code Label}; bad ones go to the dead-letter topic as INVALID_LABEL or a decode code
     * @param timestamps  which label times are accepted; others are dead-lettered as TIMESTAMP_OUT_OF_RANGE
     */
    public static KStream<String, LabelledPrediction> join(StreamsBuilder builder, KStream<String, Prediction> predictions,
                                                           String labelsTopic, EventDecoder decoder,
                                                           LabelSettings settings, LabelMetrics metrics,
                                                           TimestampGuard timestamps) {
        KStream<String, Label> labels = builder
                .stream(labelsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(timestamps.extractor()).withName(SOURCE))
                .process(() -> new LabelDecodeProcessor(decoder, metrics, timestamps), Named.as(DECODE_PROCESSOR));
        // Two copies of a label can both join one prediction when they are within twice the delay (plus grace).
        Duration dedupeRetention = settings.maxDelay().multipliedBy(2).plus(settings.grace());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUPE_STORE, dedupeRetention, dedupeRetention, false),
                Serdes.String(), TimeLayout.of(DEDUPE_STORE)));
        labels = labels.process(() -> new LabelDedupeProcessor(dedupeRetention.toMillis(), metrics),
                Named.as(DEDUPE_PROCESSOR), DEDUPE_STORE);
        KStream<String, Prediction> byEvent = predictions
                .selectKey((entity, prediction) -> prediction.getEventId(), Named.as("label-join-key-by-event"))
                .repartition(Repartitioned.with(Serdes.String(), LabelCodec.predictionSerde())
                        .withName(PREDICTIONS_BY_EVENT));
        return byEvent.join(labels, (prediction, label) -> {
                    metrics.join();
                    return new LabelledPrediction(prediction, label);
                },
                JoinWindows.ofTimeDifferenceAndGrace(settings.maxDelay(), settings.grace()),
                StreamJoined.with(Serdes.String(), LabelCodec.predictionSerde(), LabelCodec.labelSerde())
                        .withName(JOIN_STORE).withStoreName(JOIN_STORE));
    }

    /**
     * The labelled predictions handed to the window statistics tasks through {@value #LABELLED_TO_STATS}, keyed
     * by event id as joined: performance statistics are merged across tasks like every other window statistic, so
     * which task counts a labelled prediction does not matter, only that the load spreads.
     */
    public static KStream<String, LabelledPrediction> toStatistics(KStream<String, LabelledPrediction> labelled) {
        return labelled.repartition(Repartitioned.with(Serdes.String(), LabelCodec.labelledSerde())
                .withName(LABELLED_TO_STATS));
    }
}

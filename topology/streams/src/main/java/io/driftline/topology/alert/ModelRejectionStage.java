package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.topology.score.ModelVerdicts;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * MODEL_REJECTED alerts, written inside the Kafka Streams transaction: the streams application reads the
 * model-updates topic (only record keys and offsets; the bundles are verified by the {@code ModelRegistry} on its
 * own thread) and publishes the registry's verdict on each record, so that an alert commits with the input offset
 * that caused it and its open state survives restarts in {@value #STORE}.
 *
 * <p>One instance, the owner of the model-updates task, writes each alert, with its own registry's verdict (every
 * instance verifies every bundle, normally alike).
 */
public final class ModelRejectionStage {

    /**
     * Source of the model-updates topic. Sub-topologies are numbered in the order they are built: the topology adds
     * this stage last, so that it renumbered no existing task.
     */
    public static final String SOURCE = "model-rejected-source";
    /** Per model-updates partition: the open MODEL_REJECTED alerts (changelogged). */
    public static final String STORE = "model-rejected-alerts";
    /** Per model-updates partition: offsets read whose verdict is not known yet (changelogged). */
    public static final String PENDING_STORE = "model-rejected-pending";

    /**
     * Header of every MODEL_REJECTED alert record: the model-updates partition of the record whose verdict caused it
     * (decimal text), so that a publisher can tell the verdict on its own record from one on an earlier record of
     * the same version ({@code driftline model publish --wait}).
     */
    public static final String PARTITION_HEADER = "driftline.model-updates.partition";
    /** Header of every MODEL_REJECTED alert record: that record's offset (decimal text). */
    public static final String OFFSET_HEADER = "driftline.model-updates.offset";

    /** Bundles are published by tools whose clocks we do not own: a bad timestamp must not stop alerts. */
    private static final TimestampExtractor TIMESTAMPS = (record, partitionTime) ->
            record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);

    private ModelRejectionStage() {
    }

    /**
     * MODEL_REJECTED alerts that open or resolve, keyed by {@link AlertKey}; end them at the {@link AlertSink}.
     *
     * @param retryInterval how often records read before the registry judged them are looked at again
     */
    public static KStream<String, Alert> alerts(StreamsBuilder builder, String modelUpdatesTopic,
                                                ModelVerdicts verdicts, Duration retryInterval) {
        return alerts(builder, source(builder, modelUpdatesTopic), verdicts, retryInterval);
    }

    /**
     * The model-updates records as the stream task sees them: keys and raw values, one task per partition. A topic
     * has one source in a topology, so every stage that acts on verdicts (these alerts, the audit trail) hangs off
     * this one.
     */
    public static KStream<String, byte[]> source(StreamsBuilder builder, String modelUpdatesTopic) {
        return builder.stream(modelUpdatesTopic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withTimestampExtractor(TIMESTAMPS).withName(SOURCE));
    }

    /** As {@link #alerts(StreamsBuilder, String, ModelVerdicts, Duration)}, from the shared {@link #source}. */
    public static KStream<String, Alert> alerts(StreamsBuilder builder, KStream<String, byte[]> modelUpdates,
                                                ModelVerdicts verdicts, Duration retryInterval) {
        builder.addStateStore(AlertLedger.storeBuilder(STORE, RejectedBundle.LAYOUT));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.Long(), io.driftline.topology.state.TimeLayout.of(PENDING_STORE)));
        return modelUpdates.process(() -> new ModelRejectionProcessor(verdicts, retryInterval),
                Named.as("model-rejected-alerts"), STORE, PENDING_STORE);
    }
}

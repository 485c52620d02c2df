package io.driftline.topology.ingest;

import io.driftline.topology.topics.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * First stage: reads the events topic as raw bytes and decodes each value with the producer's schema.
 * Values are read as bytes, not through a value serde, so that the original bytes stay available to
 * every later stage (parking, dead letters) unchanged.
 */
public final class IngestStage {

    private IngestStage() {
    }

    /**
     * Source of decoded input events.
     *
     * @param timestamps which record times are accepted: its extractor keeps refused ones from moving stream time,
     *                   and the decode processor dead-letters them (see {@link TimestampGuard})
     */
    public static KStream<String, InputEvent> events(StreamsBuilder builder, Topic<String, ?> events, EventDecoder decoder,
                                                    IngestMetrics metrics, TimestampGuard timestamps) {
        return builder.stream(events.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(timestamps.extractor()).withName("ingest-source"))
                .processValues(() -> new DecodeProcessor(decoder, metrics, timestamps), Named.as("ingest-decode"));
    }
}

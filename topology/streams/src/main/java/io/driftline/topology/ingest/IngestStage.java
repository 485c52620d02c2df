package io.driftline.topology.ingest;

import io.driftline.topology.topics.TopicNames;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * First stage: reads the input topics (the events topic and those models name) as raw bytes and decodes each value with the producer's schema.
 * Values are read as bytes, not through a value serde, so that the original bytes stay available to
 * every later stage (parking, dead letters) unchanged.
 */
public final class IngestStage {

    private IngestStage() {
    }

    /**
     * The topics the service reads: the events topic, and every topic whose name behind the prefix matches
     * {@code extraPattern}. A pattern rather than a list because Kafka Streams fixes a list of source topics when
     * the topology is built, while a pattern subscription picks up topics created later at the next metadata
     * refresh: a model deployed onto a new topic that matches is served without a restart.
     */
    public static Pattern subscription(TopicNames names, String extraPattern) {
        return Pattern.compile(Pattern.quote(names.prefix()) + "(?:" + Pattern.quote(names.events()) + "|(?:"
                + extraPattern + "))");
    }

    /**
     * Source of decoded input events from the topics {@code topics} matches (see {@link #subscription}).
     *
     * @param timestamps which record times are accepted: its extractor keeps refused ones from moving stream time,
     *                   and the decode processor dead-letters them (see {@link TimestampGuard})
     */
    public static KStream<String, InputEvent> events(StreamsBuilder builder, Pattern topics, EventDecoder decoder,
                                                    IngestMetrics metrics, TimestampGuard timestamps) {
        return builder.stream(topics, Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(timestamps.extractor()).withName("ingest-source"))
                .processValues(() -> new DecodeProcessor(decoder, metrics, timestamps), Named.as("ingest-decode"));
    }
}

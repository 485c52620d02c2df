package io.driftline.topology.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of Driftline's dead letters: named as Kafka Streams' built-in dead-letter queue names them
 * (KIP-1034) so that one consumer reads both, plus a stable error code and the source record's timestamp.
 */
public final class DeadLetterHeaders {

    /** Stable error code ({@link DeadLetterCode}). */
    public static final String ERROR_CODE = "__driftline.error.code";
    /** Timestamp of the source record, epoch milliseconds. */
    public static final String TIMESTAMP = "__driftline.source.timestamp";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    private DeadLetterHeaders() {
    }

    /** The headers for a record from {@code topic}-{@code partition}@{@code offset} rejected with {@code error}. */
    public static Headers of(DeadLetterCode code, Throwable error, String topic, int partition, long offset,
                             long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERROR_CODE, bytes(code.name()));
        headers.add(EXCEPTION, bytes(error.getClass().getName()));
        headers.add(MESSAGE, bytes(String.valueOf(error.getMessage())));
        headers.add(TOPIC, bytes(topic));
        headers.add(PARTITION, bytes(Integer.toString(partition)));
        headers.add(OFFSET, bytes(Long.toString(offset)));
        headers.add(TIMESTAMP, bytes(Long.toString(timestamp)));
        return headers;
    }

    /** The headers for a rejected input event. */
    public static Headers of(DeadLetterCode code, Throwable error, InputEvent event) {
        return of(code, error, event.topic(), event.partition(), event.offset(), event.timestamp());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

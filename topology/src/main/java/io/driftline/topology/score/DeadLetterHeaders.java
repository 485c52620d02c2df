package io.driftline.topology.score;

import io.driftline.topology.ingest.InputEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of dead letters that Driftline writes itself, named as Kafka Streams' built-in dead-letter queue
 * names them (KIP-1034) so that one consumer reads both, plus a stable Driftline error code.
 */
final class DeadLetterHeaders {

    /** Stable error code header. */
    static final String ERROR_CODE = "__driftline.error.code";

    private DeadLetterHeaders() {
    }

    static Headers of(String code, Exception error, InputEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERROR_CODE, bytes(code));
        headers.add("__streams.errors.exception", bytes(error.getClass().getName()));
        headers.add("__streams.errors.message", bytes(String.valueOf(error.getMessage())));
        headers.add("__streams.errors.topic", bytes(event.topic()));
        headers.add("__streams.errors.partition", bytes(Integer.toString(event.partition())));
        headers.add("__streams.errors.offset", bytes(Long.toString(event.offset())));
        return headers;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

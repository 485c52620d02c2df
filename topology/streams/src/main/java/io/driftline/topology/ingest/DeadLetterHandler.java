package io.driftline.topology.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing exception handler: every record a processor throws on goes to the dead-letter topic with its
 * original key and value bytes, Kafka's error headers, Driftline's error code, and is counted per code; the
 * stream goes on. Kafka Streams' own {@code LogAndContinueProcessingExceptionHandler} does the same without the
 * code and the count, which is why this one exists.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {

    /** Config key under which the service passes its {@link DeadLetterMetrics} instance. */
    public static final String METRICS_CONFIG = "driftline.dead.letter.metrics";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private DeadLetterMetrics metrics = new DeadLetterMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (name == null || name.toString().isBlank()) {
            throw new IllegalArgumentException(DeadLetterHandler.class.getSimpleName() + " needs "
                    + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        }
        topic = name.toString();
        if (configs.get(METRICS_CONFIG) instanceof DeadLetterMetrics shared) {
            metrics = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        DeadLetterCode code = RejectedRecordException.codeOf(exception);
        metrics.record(code);
        if (code == DeadLetterCode.UNEXPECTED) {
            log.warn("Dead-lettering {}-{}@{} after an unexpected error in {}", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), exception);
        } else {
            log.debug("Dead-lettering {}-{}@{} ({}): {}", context.topic(), context.partition(), context.offset(),
                    code, exception.getMessage());
        }
        // A record whose Kafka timestamp the extractor refused carries the partition's time instead: the header
        // keeps its original time, the dead letter itself takes the wall clock (the broker may refuse the original).
        Long refused = record == null ? null : TimestampGuard.refusedTimestamp(record.headers());
        long sourceTime = refused != null ? refused : context.timestamp();
        long deadTime = refused != null ? System.currentTimeMillis() : context.timestamp();
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, deadTime,
                context.sourceRawKey(), context.sourceRawValue(),
                DeadLetterHeaders.of(code, exception, context.topic(), context.partition(), context.offset(),
                        sourceTime));
        return Response.resume(List.of(dead));
    }
}

package io.driftline.topology.ingest;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw input bytes into {@link InputEvent}s. A value that does not decode is thrown as an
 * {@link EventDecodingException}, which the processing exception handler sends to the dead-letter topic
 * with the original bytes and the reason; so is an event whose timestamp {@link TimestampGuard} refused, and an
 * Error of decoding (a StackOverflowError is TOO_DEEP), which would otherwise kill the stream thread.
 */
final class DecodeProcessor extends ContextualFixedKeyProcessor<String, byte[], InputEvent> {

    private final EventDecoder decoder;
    private final IngestMetrics metrics;
    private final TimestampGuard timestamps;
    /** The counters of the partition last read: a task reads its partitions' records in runs. */
    private IngestMetrics.Partition partition;

    DecodeProcessor(EventDecoder decoder, IngestMetrics metrics, TimestampGuard timestamps) {
        this.decoder = decoder;
        this.metrics = metrics;
        this.timestamps = timestamps;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        if (partition == null || !partition.is(meta.topic(), meta.partition())) {
            partition = metrics.partition(meta.topic(), meta.partition());
        }
        metrics.read(partition, record.timestamp());
        timestamps.check(record.headers(), () -> describe(meta));
        GenericRecord value;
        try {
            value = decoder.decode(meta.topic(), record.value());
        } catch (Error e) {
            throw RejectedRecordException.ofError(e, describe(meta));
        }
        InputEvent event = new InputEvent(record.key(), value, record.value(),
                record.timestamp(), meta.topic(), meta.partition(), meta.offset());
        context().forward(record.withValue(event));
    }

    private static String describe(RecordMetadata meta) {
        return "event " + meta.topic() + "-" + meta.partition() + "@" + meta.offset();
    }
}

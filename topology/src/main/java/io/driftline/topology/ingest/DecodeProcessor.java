package io.driftline.topology.ingest;

import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw input bytes into {@link InputEvent}s. A value that does not decode is thrown as an
 * {@link EventDecodingException}, which the processing exception handler sends to the dead-letter topic
 * with the original bytes and the reason.
 */
final class DecodeProcessor extends ContextualFixedKeyProcessor<String, byte[], InputEvent> {

    private final EventDecoder decoder;
    private final IngestMetrics metrics;

    DecodeProcessor(EventDecoder decoder, IngestMetrics metrics) {
        this.decoder = decoder;
        this.metrics = metrics;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        metrics.read(meta.topic(), meta.partition(), record.timestamp());
        InputEvent event = new InputEvent(record.key(), decoder.decode(meta.topic(), record.value()), record.value(),
                record.timestamp(), meta.topic(), meta.partition(), meta.offset());
        context().forward(record.withValue(event));
    }
}

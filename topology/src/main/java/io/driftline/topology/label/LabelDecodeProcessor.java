package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.topology.ingest.EventDecoder;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes label bytes with the producer's schema (as events are, so a registry outage pauses alike and bad bytes
 * are dead-lettered with the same codes), checks them ({@link LabelReader}), and keys and timestamps each label by
 * its event id and the time its outcome became known.
 */
final class LabelDecodeProcessor extends ContextualProcessor<String, byte[], String, Label> {

    private final EventDecoder decoder;
    private final LabelMetrics metrics;

    LabelDecodeProcessor(EventDecoder decoder, LabelMetrics metrics) {
        this.decoder = decoder;
        this.metrics = metrics;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context().recordMetadata().map(RecordMetadata::topic).orElse("labels");
        Label label = LabelReader.read(record.key(), decoder.decode(topic, record.value()), record.timestamp());
        metrics.labelIn();
        context().forward(new Record<>(label.getEventId(), label, label.getTimestamp().toEpochMilli(),
                record.headers()));
    }
}

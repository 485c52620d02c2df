package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.RejectedRecordException;
import io.driftline.topology.ingest.TimestampGuard;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes label bytes with the producer's schema (as events are, so a registry outage pauses alike and bad bytes
 * are dead-lettered with the same codes), checks them ({@link LabelReader}), and keys and timestamps each label by
 * its event id and the time its outcome became known. A label whose time {@link TimestampGuard} refuses (its own
 * or its record's) is dead-lettered as TIMESTAMP_OUT_OF_RANGE, and no Error of decoding leaves this processor.
 */
final class LabelDecodeProcessor extends ContextualProcessor<String, byte[], String, Label> {

    private final EventDecoder decoder;
    private final LabelMetrics metrics;
    private final TimestampGuard timestamps;

    LabelDecodeProcessor(EventDecoder decoder, LabelMetrics metrics, TimestampGuard timestamps) {
        this.decoder = decoder;
        this.metrics = metrics;
        this.timestamps = timestamps;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context().recordMetadata().map(RecordMetadata::topic).orElse("labels");
        String what = context().recordMetadata().map(m -> "label " + m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("label");
        timestamps.check(record.headers(), () -> what);
        Label label;
        try {
            label = LabelReader.read(record.key(), decoder.decode(topic, record.value()), record.timestamp());
        } catch (Error e) {
            throw RejectedRecordException.ofError(e, what);
        }
        // The label's own time becomes the record time of the join's stores and internal topics: one the broker
        // refuses (Long.MAX_VALUE) would stop the thread on every retry, one far ahead would advance the join's
        // stream time and drop every later prediction and label as late. So it is dead-lettered here, not clamped.
        timestamps.check(label.getTimestamp().toEpochMilli(), what + " of event " + label.getEventId());
        metrics.labelIn();
        context().forward(new Record<>(label.getEventId(), label, label.getTimestamp().toEpochMilli(),
                record.headers()));
    }
}

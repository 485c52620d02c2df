package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.RejectedRecordException;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a label from the producer's own record, by field name, so that any Confluent-compatible producer's schema
 * with the fields of {@code Label} works (extra fields are ignored): eventId (text), label (text) or value
 * (number), and timestamp (timestamp-millis or long; the record's own timestamp when absent).
 */
final class LabelReader {

    private LabelReader() {
    }

    /**
     * The label, or a rejection with code INVALID_LABEL that says what is wrong.
     *
     * @param key             the record key, which must be the event id when present
     * @param recordTimestamp the Kafka record's timestamp, used when the label has none
     */
    static Label read(String key, GenericRecord record, long recordTimestamp) {
        String eventId = text(record, "eventId");
        if (eventId == null || eventId.isEmpty()) {
            throw invalid("label has no eventId");
        }
        if (key != null && !key.equals(eventId)) {
            throw invalid("label key '" + key + "' is not its eventId '" + eventId + "': labels are keyed by event id");
        }
        String label = text(record, "label");
        Double value = null;
        Object rawValue = field(record, "value");
        if (rawValue instanceof Number number) {
            value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw invalid("label of event " + eventId + " has a value that is not finite: " + value);
            }
        } else if (rawValue != null) {
            throw invalid("label of event " + eventId + " has a value that is not a number: " + rawValue);
        }
        if (label == null && value == null) {
            throw invalid("label of event " + eventId + " has neither a label nor a value");
        }
        Object rawTime = field(record, "timestamp");
        long timestamp;
        if (rawTime instanceof Instant instant) {
            timestamp = instant.toEpochMilli();
        } else if (rawTime instanceof Number number) {
            timestamp = number.longValue();
        } else if (rawTime == null) {
            timestamp = recordTimestamp;
        } else {
            throw invalid("label of event " + eventId + " has a timestamp that is not a time: " + rawTime);
        }
        return Label.newBuilder().setEventId(eventId).setLabel(label).setValue(value)
                .setTimestamp(Instant.ofEpochMilli(timestamp)).build();
    }

    private static Object field(GenericRecord record, String name) {
        return record.hasField(name) ? record.get(name) : null;
    }

    private static String text(GenericRecord record, String name) {
        Object value = field(record, name);
        return value == null ? null : value.toString();
    }

    private static RejectedRecordException invalid(String message) {
        return new RejectedRecordException(DeadLetterCode.INVALID_LABEL, message, null);
    }
}

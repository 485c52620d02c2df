package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * An Alert as the Driftline Avro converter hands it to Connect: a struct named {@value #SCHEMA_NAME}, enums as
 * strings, timestamps as {@link Date}, nullable fields optional. Fields are read by name, and a field the writer's
 * schema lacks reads as null, so older and newer Alert schemas both work.
 */
final class AlertRecord {

    static final String SCHEMA_NAME = "io.driftline.Alert";
    private static final List<String> REQUIRED = List.of("alertId", "model", "type", "severity", "status", "subject");

    private final Struct struct;

    private AlertRecord(Struct struct) {
        this.struct = struct;
    }

    /**
     * The alert of a record value.
     *
     * @throws AlertDeliveryException when the value is not an Alert struct, or lacks a field every change needs
     */
    static AlertRecord of(Object value) {
        if (!(value instanceof Struct struct)) {
            throw new AlertDeliveryException("not an alert: the value is a "
                    + (value == null ? "null" : value.getClass().getName())
                    + ", not a Struct of " + SCHEMA_NAME + " (is value.converter DriftlineAvroConverter?)");
        }
        Schema schema = struct.schema();
        if (!SCHEMA_NAME.equals(schema.name())) {
            throw new AlertDeliveryException("not an alert: the value is a Struct of schema " + schema.name()
                    + ", not " + SCHEMA_NAME);
        }
        AlertRecord alert = new AlertRecord(struct);
        for (String name : REQUIRED) {
            if (alert.string(name) == null) {
                throw new AlertDeliveryException("not a complete alert: " + SCHEMA_NAME + " without " + name);
            }
        }
        return alert;
    }

    AlertChange change() {
        return new AlertChange(alertId(), status(), severity());
    }

    /** The key the alerts topic uses, {@code model|type|subject}, for a record that comes without one. */
    String topicKey() {
        return model() + "|" + type() + "|" + subject();
    }

    boolean isResolved() {
        return "RESOLVED".equals(status());
    }

    String alertId() {
        return string("alertId");
    }

    String model() {
        return string("model");
    }

    String modelVersion() {
        return string("modelVersion");
    }

    String type() {
        return string("type");
    }

    String severity() {
        return string("severity");
    }

    String status() {
        return string("status");
    }

    String subject() {
        return string("subject");
    }

    String metric() {
        return string("metric");
    }

    String message() {
        return string("message");
    }

    Double value() {
        return get("value") instanceof Number number ? number.doubleValue() : null;
    }

    Double threshold() {
        return get("threshold") instanceof Number number ? number.doubleValue() : null;
    }

    Instant windowStart() {
        return instant("windowStart");
    }

    Instant windowEnd() {
        return instant("windowEnd");
    }

    Instant createdAt() {
        return instant("createdAt");
    }

    Instant updatedAt() {
        return instant("updatedAt");
    }

    /** When the alert last changed: updatedAt, else createdAt, else now. */
    Instant changedAt() {
        return Optional.ofNullable(updatedAt()).or(() -> Optional.ofNullable(createdAt())).orElseGet(Instant::now);
    }

    List<String> topFeatures() {
        return get("topFeatures") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** Every field of the struct but those named, in schema order, as JSON. */
    ObjectNode fieldsAsJson(Set<String> except) {
        ObjectNode json = JsonValues.FACTORY.objectNode();
        for (Field field : struct.schema().fields()) {
            if (!except.contains(field.name())) {
                json.set(field.name(), JsonValues.of(struct.get(field)));
            }
        }
        return json;
    }

    private Object get(String name) {
        Field field = struct.schema().field(name);
        return field == null ? null : struct.get(field);
    }

    private String string(String name) {
        Object value = get(name);
        return value == null ? null : value.toString();
    }

    private Instant instant(String name) {
        Object value = get(name);
        return value instanceof Date date ? date.toInstant() : null;
    }
}

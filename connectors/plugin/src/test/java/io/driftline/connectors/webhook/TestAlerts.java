package io.driftline.connectors.webhook;

import io.driftline.connectors.avro.AlertConnectSchema;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Alert structs in the converter's Connect schema, and the sink records that carry them. */
final class TestAlerts {

    static final Schema SCHEMA = AlertConnectSchema.alert();
    static final String TOPIC = "alerts";
    static final String KEY = "fraud|DATA_DRIFT|amount";
    static final Instant CREATED = Instant.parse("2026-03-01T10:15:00Z");
    static final Instant UPDATED = Instant.parse("2026-03-01T10:20:00Z");
    static final Instant WINDOW_START = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant WINDOW_END = Instant.parse("2026-03-01T10:15:00Z");

    private TestAlerts() {
    }

    /** A data-drift alert on fraud v3's amount feature, every field set. */
    static Struct alert(String alertId, String status, String severity) {
        return new Struct(SCHEMA)
                .put("alertId", alertId)
                .put("model", "fraud")
                .put("modelVersion", "3")
                .put("type", "DATA_DRIFT")
                .put("severity", severity)
                .put("status", status)
                .put("subject", "amount")
                .put("metric", "psi")
                .put("value", 0.41)
                .put("threshold", 0.25)
                .put("windowStart", Date.from(WINDOW_START))
                .put("windowEnd", Date.from(WINDOW_END))
                .put("message", "amount's PSI 0.41 exceeds 0.25 <since 10:00> & rising")
                .put("topFeatures", List.of("amount", "merchant_category"))
                .put("createdAt", Date.from(CREATED))
                .put("updatedAt", Date.from(UPDATED));
    }

    /** The same alert with only the required fields, nullable ones null and no top features. */
    static Struct sparse(String alertId, String status, String severity) {
        return new Struct(SCHEMA)
                .put("alertId", alertId)
                .put("model", "fraud")
                .put("type", "MODEL_REJECTED")
                .put("severity", severity)
                .put("status", status)
                .put("subject", "3")
                .put("message", "candidate rejected")
                .put("topFeatures", List.of())
                .put("createdAt", Date.from(CREATED));
    }

    static SinkRecord record(Object value, long offset) {
        return record(KEY, value, offset);
    }

    static SinkRecord record(String key, Object value, long offset) {
        Schema valueSchema = value instanceof Struct struct ? struct.schema() : null;
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, key, valueSchema, value, offset);
    }
}

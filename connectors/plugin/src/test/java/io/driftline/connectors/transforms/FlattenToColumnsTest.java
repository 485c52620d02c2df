package io.driftline.connectors.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** One flat row per record: snake_case columns, nested values as JSON text, everything else as it was. */
class FlattenToColumnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema METRIC = SchemaBuilder.struct().name("io.driftline.MetricResult")
            .field("metric", Schema.STRING_SCHEMA).field("value", Schema.FLOAT64_SCHEMA)
            .field("pValue", SchemaBuilder.float64().optional().build()).build();
    private static final Schema FEATURE = SchemaBuilder.struct().name("io.driftline.FeatureDrift")
            .field("feature", Schema.STRING_SCHEMA).field("metrics", SchemaBuilder.array(METRIC).build())
            .field("mean", SchemaBuilder.float64().optional().build()).build();
    private static final Schema REPORT = SchemaBuilder.struct().name("io.driftline.DriftReport")
            .field("modelVersion", Schema.STRING_SCHEMA)
            .field("windowStart", Timestamp.SCHEMA)
            .field("features", SchemaBuilder.array(FEATURE).build())
            .field("prediction", SchemaBuilder.struct().name("P").optional().field("feature", Schema.STRING_SCHEMA)
                    .build())
            .field("predictedLabels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("sufficientSample", Schema.BOOLEAN_SCHEMA)
            .build();

    @Test
    void shouldNameColumnsInSnakeCase() {
        assertThat(FlattenToColumns.columnName("windowStart")).isEqualTo("window_start");
        assertThat(FlattenToColumns.columnName("modelVersion")).isEqualTo("model_version");
        assertThat(FlattenToColumns.columnName("pValue")).isEqualTo("p_value");
        assertThat(FlattenToColumns.columnName("modelID")).isEqualTo("model_id");
        assertThat(FlattenToColumns.columnName("HTTPStatus")).isEqualTo("http_status");
        assertThat(FlattenToColumns.columnName("count")).isEqualTo("count");
        assertThat(FlattenToColumns.columnName("top2Features")).isEqualTo("top2_features");
    }

    @Test
    void shouldTurnNestedValuesIntoJsonAndKeepTheRest() throws Exception {
        Struct metric = new Struct(METRIC).put("metric", "psi").put("value", Double.NaN).put("pValue", null);
        Struct feature = new Struct(FEATURE).put("feature", "amount").put("metrics", List.of(metric)).put("mean", 3.5);
        Date start = new Date(1_700_000_000_000L);
        Struct report = new Struct(REPORT).put("modelVersion", "2").put("windowStart", start)
                .put("features", List.of(feature)).put("prediction", null).put("predictedLabels", Map.of("fraud", 3L))
                .put("sufficientSample", true);

        SinkRecord flat = new FlattenToColumns<SinkRecord>().apply(
                new SinkRecord("drift-reports", 0, Schema.STRING_SCHEMA, "fraud", REPORT, report, 42L));

        Struct row = (Struct) flat.value();
        assertThat(flat.valueSchema().fields()).extracting(f -> f.name()).containsExactly("model_version",
                "window_start", "features", "prediction", "predicted_labels", "sufficient_sample");
        assertThat(row.getString("model_version")).isEqualTo("2");
        assertThat(row.get("window_start")).isEqualTo(start);
        assertThat(flat.valueSchema().field("window_start").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(row.getBoolean("sufficient_sample")).isTrue();
        assertThat(row.get("prediction")).as("a null nested value stays null").isNull();
        assertThat(flat.valueSchema().field("prediction").schema().isOptional()).isTrue();
        JsonNode features = JSON.readTree(row.getString("features"));
        assertThat(features.get(0).path("feature").asText()).isEqualTo("amount");
        assertThat(features.get(0).path("mean").asDouble()).isEqualTo(3.5);
        assertThat(features.get(0).path("metrics").get(0).path("value").asText())
                .as("JSON has no NaN: written as text").isEqualTo("NaN");
        assertThat(features.get(0).path("metrics").get(0).path("pValue").isNull()).isTrue();
        assertThat(JSON.readTree(row.getString("predicted_labels")).path("fraud").asLong()).isEqualTo(3L);
        assertThat(flat.key()).isEqualTo("fraud");
        assertThat(flat.kafkaOffset()).isEqualTo(42L);
    }

    @Test
    void shouldPassTombstonesAndSchemalessValuesThrough() {
        FlattenToColumns<SinkRecord> flatten = new FlattenToColumns<>();
        SinkRecord tombstone = new SinkRecord("alerts", 0, Schema.STRING_SCHEMA, "k", REPORT, null, 1L);
        SinkRecord schemaless = new SinkRecord("alerts", 0, null, "k", null, Map.of("a", 1), 2L);

        assertThat(flatten.apply(tombstone)).isSameAs(tombstone);
        assertThat(flatten.apply(schemaless)).isSameAs(schemaless);
    }
}

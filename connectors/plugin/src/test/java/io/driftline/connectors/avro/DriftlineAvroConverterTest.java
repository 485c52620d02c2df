package io.driftline.connectors.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.GoldenExample;
import io.driftline.Label;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.ReferenceProfile;
import io.driftline.RetrainRequest;
import io.driftline.Severity;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.SchemaProjector;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The converter against Driftline's own serdes, on a real (development) registry over HTTP: every schema Driftline
 * writes, read into Connect and written back, byte for byte; the Connect forms sinks see (timestamps, maps, nested
 * records, unions); an old and a new DriftReport side by side.
 */
class DriftlineAvroConverterTest {

    private static DevSchemaRegistry registry;
    private static AvroSerializer<Object> serializer;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        serializer = new AvroSerializer<>();
        serializer.configure(Map.of(RestSchemaRegistryClient.URL_CONFIG, registry.url()), false);
    }

    @AfterAll
    static void stopRegistry() {
        serializer.close();
        registry.close();
    }

    private static DriftlineAvroConverter converter() {
        DriftlineAvroConverter converter = new DriftlineAvroConverter();
        converter.configure(Map.of(RestSchemaRegistryClient.URL_CONFIG, registry.url()), false);
        return converter;
    }

    /** Every record schema in schemas/, filled in fully (every optional field set, every array and map non-empty). */
    static Stream<SpecificRecord> everySchema() {
        return Stream.of(
                SampleRecords.filled(Prediction.getClassSchema(), 1),
                SampleRecords.filled(DriftReport.getClassSchema(), 2),
                SampleRecords.filled(Alert.getClassSchema(), 3),
                SampleRecords.filled(RetrainRequest.getClassSchema(), 4),
                SampleRecords.filled(ModelUpdate.getClassSchema(), 5),
                SampleRecords.filled(Label.getClassSchema(), 6),
                SampleRecords.filled(ModelManifest.getClassSchema(), 7),
                SampleRecords.filled(ReferenceProfile.getClassSchema(), 8),
                SampleRecords.filled(GoldenExample.getClassSchema(), 9),
                SampleRecords.filled(io.driftline.ModelAuditEvent.getClassSchema(), 10),
                SampleRecords.sparse(io.driftline.ModelAuditEvent.getClassSchema()),
                SampleRecords.sparse(DriftReport.getClassSchema()),
                SampleRecords.sparse(Alert.getClassSchema()),
                SampleRecords.sparse(Prediction.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySchema")
    void readsAndWritesBackByteForByte(SpecificRecord record) {
        String topic = "roundtrip-" + record.getSchema().getName().toLowerCase();
        byte[] original = serializer.serialize(topic, record);
        try (DriftlineAvroConverter converter = converter()) {
            SchemaAndValue connect = converter.toConnectData(topic, original);
            assertThat(connect.schema().type()).isEqualTo(Schema.Type.STRUCT);
            assertThat(connect.schema().name()).isEqualTo(record.getSchema().getFullName());
            ((Struct) connect.value()).validate();

            byte[] back = converter.fromConnectData(topic, connect.schema(), connect.value());

            assertThat(back).as("bytes written back").isEqualTo(original);
        }
    }

    @Test
    void alertReadsAsSinksExpect() throws IOException {
        long opened = Instant.parse("2026-11-30T10:15:00Z").toEpochMilli();
        Alert alert = Alert.newBuilder().setAlertId("a-1").setModel("fraud").setModelVersion(null)
                .setType(AlertType.DATA_DRIFT).setSeverity(Severity.CRITICAL).setStatus(AlertStatus.OPEN)
                .setSubject("amount").setMetric("psi").setValue(0.41).setThreshold(0.25)
                .setWindowStart(Instant.ofEpochMilli(opened - 600_000)).setWindowEnd(Instant.ofEpochMilli(opened))
                .setMessage("amount drifted").setTopFeatures(List.of("amount", "hour"))
                .setCreatedAt(Instant.ofEpochMilli(opened)).setUpdatedAt(null).build();
        try (DriftlineAvroConverter converter = converter()) {
            SchemaAndValue connect = converter.toConnectData("alerts", serializer.serialize("alerts", alert));
            Struct value = (Struct) connect.value();

            assertThat(value.getString("alertId")).isEqualTo("a-1");
            assertThat(value.getString("severity")).isEqualTo("CRITICAL");
            assertThat(connect.schema().field("severity").schema().parameters())
                    .containsEntry(AvroConnectData.ENUM_SYMBOLS, "INFO,WARNING,CRITICAL");
            assertThat(connect.schema().field("modelVersion").schema().isOptional()).isTrue();
            assertThat(value.get("modelVersion")).isNull();
            assertThat(connect.schema().field("createdAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
            assertThat(value.get("createdAt")).isEqualTo(new java.util.Date(opened));
            assertThat(connect.schema().field("windowEnd").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
            assertThat(value.get("windowEnd")).isEqualTo(new java.util.Date(opened));
            assertThat(value.getArray("topFeatures")).containsExactly("amount", "hour");
            assertThat(value.getFloat64("value")).isEqualTo(0.41);
        }
    }

    @Test
    void driftReportKeepsItsNestedRecordsAndMaps() throws IOException {
        DriftReport report = (DriftReport) SampleRecords.filled(DriftReport.getClassSchema(), 11);
        try (DriftlineAvroConverter converter = converter()) {
            Struct value = (Struct) converter.toConnectData("drift-reports", serializer.serialize("drift-reports", report))
                    .value();

            List<Struct> features = value.getArray("features");
            assertThat(features).hasSize(report.getFeatures().size());
            assertThat(features.get(0).schema().name()).isEqualTo("io.driftline.FeatureDrift");
            assertThat(features.get(0).getString("feature")).isEqualTo(report.getFeatures().get(0).getFeature());
            List<Struct> metrics = features.get(0).getArray("metrics");
            assertThat(metrics.get(0).schema().name()).isEqualTo("io.driftline.MetricResult");
            assertThat(metrics.get(0).getFloat64("value")).isEqualTo(report.getFeatures().get(0).getMetrics().get(0).getValue());
            Map<String, Long> predicted = value.getMap("predictedLabels");
            assertThat(predicted).isEqualTo(report.getPredictedLabels().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
            assertThat(value.getStruct("prediction").getString("feature"))
                    .isEqualTo(report.getPrediction().getFeature());
        }
    }

    @Test
    void oldAndNewDriftReportsBothRoundTripAndTheOldProjectsOntoTheNew() throws IOException {
        org.apache.avro.Schema.Parser parser = new org.apache.avro.Schema.Parser();
        Path history = Path.of("../../schemas/src/test/resources/avro-history");
        parser.parse(Files.readString(history.resolve("MetricResult-v1.avsc")));
        org.apache.avro.Schema v1 = parser.parse(Files.readString(history.resolve("DriftReport-v1.avsc")));
        GenericRecord old = SampleRecords.generic(v1, 21);
        DriftReport current = (DriftReport) SampleRecords.filled(DriftReport.getClassSchema(), 22);
        String topic = "drift-reports-evolution";
        byte[] oldBytes = serializer.serialize(topic, old);
        byte[] newBytes = serializer.serialize(topic, current);
        assertThat(oldBytes).isNotEqualTo(newBytes);

        try (DriftlineAvroConverter converter = converter()) {
            SchemaAndValue oldConnect = converter.toConnectData(topic, oldBytes);
            SchemaAndValue newConnect = converter.toConnectData(topic, newBytes);

            assertThat(oldConnect.schema().field("labelled")).as("v1 has no labelled count").isNull();
            assertThat(newConnect.schema().field("labelled")).isNotNull();
            assertThat(converter.fromConnectData(topic, oldConnect.schema(), oldConnect.value())).isEqualTo(oldBytes);
            assertThat(converter.fromConnectData(topic, newConnect.schema(), newConnect.value())).isEqualTo(newBytes);

            // What a sink does when records of both schemas reach one table: project the old onto the new.
            Struct projected = (Struct) SchemaProjector.project(oldConnect.schema(), oldConnect.value(),
                    newConnect.schema());
            assertThat(projected.getInt64("labelled")).isZero();
            assertThat(projected.getString("model")).isEqualTo(old.get("model").toString());
            assertThat(projected.getInt64("count")).isEqualTo(old.get("count"));
        }
    }

    @Test
    void aConnectSchemaFromElsewhereIsRegisteredAndReadsBack() throws IOException {
        Schema union = SchemaBuilder.struct().name(AvroConnectData.UNION_NAME)
                .field("string", SchemaBuilder.string().optional().build())
                .field("long", SchemaBuilder.int64().optional().build()).build();
        Schema schema = SchemaBuilder.struct().name("com.example.Ticket")
                .field("id", Schema.STRING_SCHEMA)
                .field("opened", Timestamp.SCHEMA)
                .field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("note", SchemaBuilder.string().optional().build())
                .field("ref", union)
                .build();
        Struct value = new Struct(schema).put("id", "t-9").put("opened", new java.util.Date(1_700_000_000_000L))
                .put("tags", Map.of("sev", 2)).put("note", null).put("ref", new Struct(union).put("long", 42L));
        try (DriftlineAvroConverter converter = converter()) {
            byte[] bytes = converter.fromConnectData("tickets", schema, value);

            org.apache.avro.Schema registered = RestSchemaRegistryClient.create(registry.url())
                    .latest("tickets-value").schema();
            assertThat(registered.getField("ref").schema().getTypes()).extracting(org.apache.avro.Schema::getType)
                    .containsExactly(org.apache.avro.Schema.Type.STRING, org.apache.avro.Schema.Type.LONG);
            Struct back = (Struct) converter.toConnectData("tickets", bytes).value();
            assertThat(back.getString("id")).isEqualTo("t-9");
            assertThat(back.get("opened")).isEqualTo(new java.util.Date(1_700_000_000_000L));
            assertThat(back.getMap("tags")).isEqualTo(Map.of("sev", 2));
            assertThat(back.get("note")).isNull();
            assertThat(back.getStruct("ref").getInt64("long")).isEqualTo(42L);
            assertThat(back.getStruct("ref").get("string")).isNull();
        }
    }

    @Test
    void badBytesAndMissingRegistryAreClearErrors() throws IOException {
        try (DriftlineAvroConverter converter = converter()) {
            assertThatThrownBy(() -> converter.toConnectData("alerts", new byte[] {1, 2, 3, 4, 5, 6}))
                    .isInstanceOf(DataException.class).hasMessageContaining("alerts").hasMessageContaining("magic byte");
            assertThatThrownBy(() -> converter.toConnectData("alerts", new byte[] {0, 0, 0, 99, 99, 2}))
                    .isInstanceOf(DataException.class).hasMessageContaining("schema id");
            assertThat(converter.toConnectData("alerts", null)).isEqualTo(SchemaAndValue.NULL);
        }
        assertThatThrownBy(() -> new DriftlineAvroConverter().configure(Map.of(), false))
                .hasMessageContaining("value.converter.schema.registry.url");
    }

    @Test
    void genericRecordsRoundTripToo() throws IOException {
        GenericData.Record record = SampleRecords.generic(RetrainRequest.getClassSchema(), 31);
        byte[] original = serializer.serialize("retrain-requests", record);
        try (DriftlineAvroConverter converter = converter()) {
            SchemaAndValue connect = converter.toConnectData("retrain-requests", original);
            assertThat(converter.fromConnectData("retrain-requests", connect.schema(), connect.value()))
                    .isEqualTo(original);
        }
    }
}

package io.driftline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Prediction;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("com.example")
            .fields().requiredString("name").requiredInt("n").endRecord();

    private DevSchemaRegistry registry;
    private SchemaRegistryClient client;
    private Map<String, Object> config;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        config = new HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()));
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    @Test
    void shouldWriteTheConfluentWireFormatByteForByte() {
        client.register("other-value", SchemaBuilder.record("Filler").fields().requiredLong("x").endRecord());
        Serde<GenericRecord> serde = AvroSerdes.generic(client, config, false);
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("name", "abc");
        payment.put("n", -2);

        byte[] bytes = serde.serializer().serialize("payments", payment);

        int id = client.latest("payments-value").id();
        assertThat(id).isEqualTo(2);
        // magic 0, id 2 as a big-endian int, then Avro: string length 3 zig-zag (6), "abc", int -2 zig-zag (3)
        assertThat(bytes).containsExactly(0, 0, 0, 0, 2, 6, 'a', 'b', 'c', 3);
    }

    @Test
    void shouldReadBytesFramedByAnotherClient() {
        int id = client.register("payments-value", PAYMENT);
        byte[] framed = {0, 0, 0, 0, (byte) id, 8, 'd', 'r', 'i', 'f', (byte) 0x80, 0x01};

        GenericRecord read = AvroSerdes.generic(client, config, false).deserializer().deserialize("payments", framed);

        assertThat(read.get("name").toString()).isEqualTo("drif");
        assertThat(read.get("n")).isEqualTo(64);
    }

    @Test
    void shouldRoundTripGeneratedRecords() {
        Serde<Prediction> serde = AvroSerdes.specific(Prediction.class, config, false);
        Prediction prediction = prediction();

        byte[] bytes = serde.serializer().serialize("predictions", prediction);
        Prediction back = serde.deserializer().deserialize("predictions", bytes);

        assertThat(back).isEqualTo(prediction);
        assertThat(client.latest("predictions-value").schema()).isEqualTo(Prediction.getClassSchema());
        serde.close();
    }

    @Test
    void shouldWriteGenericAndGeneratedRecordsOfOneSchemaThroughOneSerializer() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);
        serializer.configure(config, false);
        Prediction prediction = prediction();
        GenericRecord generic = (GenericRecord) org.apache.avro.generic.GenericData.get()
                .deepCopy(Prediction.getClassSchema(), AvroSerdes.generic(client, config, false).deserializer()
                        .deserialize("predictions", serializer.serialize("predictions", prediction)));

        // A generic record (longs for timestamps) first, then the generated class (Instants) of the same schema.
        byte[] fromGeneric = serializer.serialize("predictions", generic);
        byte[] fromGenerated = serializer.serialize("predictions", prediction);

        // The same record both ways (compared decoded: a copied map may iterate in another order than Map.of).
        var read = AvroSerdes.specific(Prediction.class, client, config, false).deserializer();
        assertThat(read.deserialize("predictions", fromGeneric)).isEqualTo(prediction);
        assertThat(read.deserialize("predictions", fromGenerated)).isEqualTo(prediction);
    }

    @Test
    void shouldWriteTheNextRecordWholeAfterAWriteFailedHalfWay() {
        AvroSerializer<Prediction> serializer = new AvroSerializer<>(client);
        serializer.configure(config, false);
        Prediction broken = prediction();
        broken.setScores(null); // a required field well into the record: its first fields are already encoded
        Prediction good = prediction();
        byte[] expected = serializer.serialize("predictions", good);

        assertThatThrownBy(() -> serializer.serialize("predictions", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Prediction.scores");

        // The encoder buffers a record's bytes until its end: none of the failed record's may lead the next one.
        assertThat(serializer.serialize("predictions", good)).isEqualTo(expected);
    }

    @Test
    void shouldReadOlderWritersIntoTheReadersSchema() {
        Schema v2 = SchemaBuilder.record("Payment").namespace("com.example").fields()
                .requiredString("name").requiredInt("n").name("currency").type().stringType().stringDefault("EUR")
                .endRecord();
        GenericRecord old = new GenericData.Record(PAYMENT);
        old.put("name", "x");
        old.put("n", 1);
        byte[] bytes = AvroSerdes.generic(client, config, false).serializer().serialize("payments", old);
        GenericRecord asWritten = AvroSerdes.generic(client, config, false).deserializer().deserialize("payments", bytes);

        assertThat(asWritten.getSchema()).isEqualTo(PAYMENT);
        assertThat(client.isCompatible("payments-value", v2)).isTrue();
        int v2Id = client.register("payments-value", v2);
        assertThat(v2Id).isNotEqualTo(client.lookup("payments-value", PAYMENT).id());
    }

    @Test
    void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("name", "a");
        payment.put("n", 1);
        Serde<GenericRecord> serde = AvroSerdes.generic(client, config, false);

        assertThatThrownBy(() -> serde.serializer().serialize("payments", payment))
                .isInstanceOf(SerializationException.class).hasMessageContaining("payments-value").hasMessageContaining("not found");

        int id = client.register("payments-value", PAYMENT);
        byte[] bytes = AvroSerdes.generic(client, config, false).serializer().serialize("payments", payment);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }

    @Test
    void shouldWriteWithTheLatestSchemaWhenAsked() {
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
        int id = client.register("payments-value", PAYMENT);
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("name", "a");
        payment.put("n", 1);

        byte[] bytes = AvroSerdes.generic(client, config, false).serializer().serialize("payments", payment);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }

    @Test
    void shouldFrameEachRecordWithItsOwnTopicsSchemaWhenTopicsAlternate() {
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
        // The same fields, documented: another schema (and id) that writes the same record.
        Schema wider = SchemaBuilder.record("Payment").namespace("com.example").doc("documented").fields()
                .name("name").doc("who").type().stringType().noDefault().requiredInt("n").endRecord();
        int narrowId = client.register("narrow-value", PAYMENT);
        int wideId = client.register("wide-value", wider);
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("name", "a");
        payment.put("n", 1);
        var serializer = AvroSerdes.generic(client, config, false).serializer();
        var reader = AvroSerdes.generic(client, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false)
                .deserializer();

        for (int i = 0; i < 3; i++) {
            byte[] narrow = serializer.serialize("narrow", payment);
            byte[] wide = serializer.serialize("wide", payment);
            assertThat(WireFormat.schemaId(narrow)).isEqualTo(narrowId);
            assertThat(WireFormat.schemaId(wide)).as("written with the wide topic's latest schema").isEqualTo(wideId);
            assertThat(reader.deserialize("wide", wide).getSchema().getDoc()).isEqualTo("documented");
            assertThat(reader.deserialize("narrow", narrow).get("n")).isEqualTo(1);
        }
    }

    @Test
    void shouldNameSubjectsByTheConfiguredStrategy() {
        config.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        config.put(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy");
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("name", "a");
        payment.put("n", 1);

        AvroSerdes.generic(client, config, false).serializer().serialize("payments", payment);
        AvroSerdes.generic(client, config, true).serializer().serialize("payments", payment);
        AvroSerdes.generic(client, Map.of(), false).serializer().serialize("payments", payment);
        AvroSerdes.generic(client, Map.of(), true).serializer().serialize("payments", payment);

        assertThat(client.subjects()).containsExactly(
                "com.example.Payment", "payments-com.example.Payment", "payments-key", "payments-value");
        assertThatThrownBy(() -> AvroSerdes.generic(client, Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "MyStrategy"), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MyStrategy");
    }

    @Test
    void shouldRejectBytesThatAreNotFramedAvro() {
        var deserializer = AvroSerdes.generic(client, config, false).deserializer();

        assertThatThrownBy(() -> deserializer.deserialize("payments", "{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown magic byte 123");
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than the 5-byte header");
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0, 0x7f, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown schema id 32513");
        int id = client.register("payments-value", PAYMENT);
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0, 0, (byte) id, 20, 'a'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id " + id);
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0, 0, (byte) id, 2, 'a', 2, 9}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldSayWhenTheRegistryIsDownApartFromBadBytes() {
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://localhost:1");
        config.put(RestSchemaRegistryClient.RETRIES_CONFIG, 1);
        config.put(RestSchemaRegistryClient.RETRY_BACKOFF_MS_CONFIG, 10);
        var deserializer = AvroSerdes.generic(config, false).deserializer();

        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0, 0, 1, 2}))
                .isInstanceOf(AvroDeserializer.RegistryUnavailable.class)
                .hasMessageContaining("unavailable after 2 attempts");
    }

    static Prediction prediction() {
        return Prediction.newBuilder()
                .setEventId("tx-1").setEntityKey("card-7").setModel("fraud").setModelVersion("2")
                .setScore(0.75).setLabel("fraud").setScores(Map.of("fraud", 0.75, "legit", 0.25))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).setScoredAt(Instant.ofEpochMilli(1_700_000_000_500L))
                .setShadow(false).setSourceTopic("events").setSourcePartition(1).setSourceOffset(42L)
                .build();
    }
}

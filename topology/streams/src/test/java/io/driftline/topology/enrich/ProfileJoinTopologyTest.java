package io.driftline.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.IngestStage;
import io.driftline.topology.ingest.InputEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile join on its own: ingest, then the join, then what features would read ({@code profile.*} of the
 * enriched view) written out as text, so every case is visible exactly.
 */
class ProfileJoinTopologyTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Schema EVENT = SchemaBuilder.record("Payment").namespace("com.example").fields()
            .requiredString("id").requiredString("merchantId").requiredDouble("amount").endRecord();
    private static final Schema PROFILE = SchemaBuilder.record("Profile").namespace("com.example").fields()
            .requiredDouble("limit").optionalString("segment").endRecord();

    private DevSchemaRegistry registry;
    private RestSchemaRegistryClient client;
    private Serializer<GenericRecord> serializer;
    private final EnrichMetrics metrics = new EnrichMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> profiles;
    private TestOutputTopic<String, String> out;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        serializer = AvroSerdes.generic(client, serde, false).serializer();
    }

    private void build(String keyField) throws Exception {
        EventDecoder decoder = new EventDecoder(AvroSerdes.generic(client, Map.of(), false).deserializer());
        StreamsBuilder builder = new StreamsBuilder();
        var ingested = IngestStage.events(builder, java.util.regex.Pattern.compile("events"), decoder,
                new io.driftline.topology.ingest.IngestMetrics(), new io.driftline.topology.ingest.TimestampGuard(
                        java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
        ProfileJoinStage.join(builder, ingested, "entity-profiles", keyField, decoder, metrics)
                .mapValues(ProfileJoinTopologyTest::describe, Named.as("test-describe"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        var props = DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        props.put("state.dir", Files.createTempDirectory(tempRoot, "driftline-join").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        events = driver.createInputTopic("events", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        profiles = driver.createInputTopic("entity-profiles", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        client.close();
        registry.close();
    }

    @Test
    void shouldJoinTheProfileOfTheRecordKeyAndApplyUpdatesToLaterEventsOnly() throws Exception {
        build(null);
        profile("card-1", 1_000.0, "gold");
        event("card-1", "e1", "m-1", 10);
        profile("card-1", 2_500.0, "platinum");
        event("card-1", "e2", "m-1", 20);
        event("card-2", "e3", "m-1", 30);

        assertThat(out.readValuesToList()).containsExactly(
                "e1 limit=1000.0 segment=gold agg={}",
                "e2 limit=2500.0 segment=platinum agg={}",
                "e3 profile=absent");
        assertThat(metrics.profilesJoined()).isEqualTo(2);
        assertThat(metrics.profilesMissing()).isEqualTo(1);
        assertThat(metrics.profilesMissingByTopic()).containsExactly(java.util.Map.entry("events", 1L));
        assertThat(metrics.profilesMissing("events")).isEqualTo(1);
        assertThat(metrics.profilesMissing("merchant-events")).isZero();
    }

    @Test
    void shouldForgetAProfileOnATombstone() throws Exception {
        build(null);
        profile("card-1", 1_000.0, null);
        event("card-1", "e1", "m-1", 10);
        profiles.pipeInput("card-1", (byte[]) null);
        event("card-1", "e2", "m-1", 20);

        assertThat(out.readValuesToList()).containsExactly("e1 limit=1000.0 segment=null agg={}", "e2 profile=absent");
    }

    @Test
    void shouldJoinOnAFieldOfTheEventWhenConfigured() throws Exception {
        build("merchantId");
        profile("m-7", 99.0, "merchant");
        event("card-1", "e1", "m-7", 10);
        event("card-1", "e2", "m-8", 10);

        assertThat(out.readValuesToList()).containsExactly("e1 limit=99.0 segment=merchant agg={}", "e2 profile=absent");
    }

    @Test
    void shouldTreatAProfileThatDoesNotDecodeAsAbsentAndCountIt() throws Exception {
        build(null);
        profiles.pipeInput("card-1", "not avro".getBytes());
        event("card-1", "e1", "m-1", 10);

        assertThat(out.readValuesToList()).containsExactly("e1 profile=absent");
        assertThat(metrics.profilesUndecodable()).isEqualTo(1);
    }

    private void profile(String key, double limit, String segment) {
        GenericRecord p = new GenericData.Record(PROFILE);
        p.put("limit", limit);
        p.put("segment", segment);
        profiles.pipeInput(key, serializer.serialize("entity-profiles", p));
    }

    private void event(String key, String id, String merchant, double amount) {
        GenericRecord e = new GenericData.Record(EVENT);
        e.put("id", id);
        e.put("merchantId", merchant);
        e.put("amount", amount);
        events.pipeInput(key, serializer.serialize("events", e));
    }

    private static String describe(InputEvent event) {
        GenericRecord view = event.features();
        String id = String.valueOf(view.get("id"));
        Object profile = view.getSchema().getField("profile") == null ? null : view.get("profile");
        if (profile == null) {
            return id + " profile=absent";
        }
        GenericRecord p = (GenericRecord) profile;
        return id + " limit=" + p.get("limit") + " segment=" + p.get("segment") + " agg=" + view.get("agg");
    }
}

package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.ModelUpdate;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.Sha256;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MODEL_REJECTED alerts raised and resolved inside the topology, from the registry's verdicts on the model-updates
 * records it reads, with explicit record times; and what of it survives a restart. The model-update listener is
 * played by hand: {@code registry.apply(key, update, partition, offset)} with the offset the driver gives the record.
 */
class ModelRejectionTopologyTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static ModelBundle v1;
    private static ModelBundle v3;

    private DevSchemaRegistry schemaRegistry;
    private RestSchemaRegistryClient client;
    private Serde<Alert> alertSerde;
    private final Map<String, List<KeyValue<String, byte[]>>> changelogs = new HashMap<>();

    @BeforeAll
    static void train() throws Exception {
        v1 = DemoModel.train("1", 11, 1_000);
        v3 = DemoModel.train("3", 33, 1_000);
    }

    @BeforeEach
    void start() throws Exception {
        schemaRegistry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(schemaRegistry.url());
        alertSerde = AvroSerdes.specific(Alert.class, client, Map.of("schema.registry.url", schemaRegistry.url()), false);
    }

    @AfterEach
    void stop() {
        client.close();
        schemaRegistry.close();
    }

    private static ModelUpdate tampered(String version) throws Exception {
        ModelUpdate update = DemoModel.train(version, 22, 1_000).toUpdate();
        update.setSha256(Sha256.hex("tampered".getBytes()));
        return update;
    }

    private static ModelRegistry registry(Instant at) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        return new ModelRegistry(new BundleVerifier(1, clock), clock);
    }

    @Test
    void shouldOpenOnARejectedBundleAndResolveOnTheNextDeployThroughTheWholeTopology() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = fx.driver.createOutputTopic(fx.topics.alerts().name(),
                    Serdes.String().deserializer(), fx.topics.alerts().valueSerde().deserializer());

            fx.models.apply("fraud", v1.toUpdate(), 0, 0);
            updates.pipeInput("fraud", new byte[] {1}, T0);
            assertThat(alerts.isEmpty()).as("a deploy with nothing open says nothing").isTrue();

            ModelEvent rejected = fx.models.apply("fraud", tampered("2"), 0, 1);
            updates.pipeInput("fraud", new byte[] {2}, T0.plusSeconds(60));
            List<KeyValue<String, Alert>> opened = alerts.readKeyValuesToList();
            assertThat(opened).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("fraud|MODEL_REJECTED|2").isEqualTo(AlertKey.of(kv.value).toString());
                assertThat(kv.value.getAlertId()).isEqualTo("fraud|MODEL_REJECTED|2");
                assertThat(kv.value.getStatus()).isEqualTo(AlertStatus.OPEN);
                assertThat(kv.value.getType()).isEqualTo(AlertType.MODEL_REJECTED);
                assertThat(kv.value.getSubject()).isEqualTo("2");
                assertThat(kv.value.getMetric()).isEqualTo("CHECKSUM_MISMATCH");
                assertThat(kv.value.getMessage()).startsWith("Bundle fraud v2 rejected (CHECKSUM_MISMATCH): ")
                        .endsWith("; v1 keeps serving");
                assertThat(kv.value.getCreatedAt()).isEqualTo(rejected.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            });

            fx.models.apply("fraud", v3.toUpdate(), 0, 2);
            updates.pipeInput("fraud", new byte[] {3}, T0.plusSeconds(120));
            assertThat(alerts.readKeyValuesToList()).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("fraud|MODEL_REJECTED|2");
                assertThat(kv.value.getStatus()).isEqualTo(AlertStatus.RESOLVED);
                assertThat(kv.value.getCreatedAt()).isEqualTo(rejected.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                assertThat(kv.value.getMessage()).endsWith("; v1 keeps serving; resolved: v3 deployed");
            });
        }
    }

    @Test
    void shouldNameTheModelUpdateRecordOfEachVerdictInTheAlertsHeaders() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = fx.driver.createOutputTopic(fx.topics.alerts().name(),
                    Serdes.String().deserializer(), fx.topics.alerts().valueSerde().deserializer());
            fx.models.apply("fraud", v1.toUpdate(), 0, 0);
            updates.pipeInput("fraud", new byte[] {1}, T0);
            fx.models.apply("fraud", tampered("2"), 0, 1);
            updates.pipeInput("fraud", new byte[] {2}, T0.plusSeconds(1));
            fx.models.apply("fraud", v3.toUpdate(), 0, 2);
            updates.pipeInput("fraud", new byte[] {3}, T0.plusSeconds(2));

            List<org.apache.kafka.streams.test.TestRecord<String, Alert>> records = alerts.readRecordsToList();
            assertThat(records).extracting(r -> r.getValue().getStatus())
                    .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
            assertThat(records).extracting(r -> header(r, ModelRejectionStage.PARTITION_HEADER)).containsExactly("0", "0");
            assertThat(records).extracting(r -> header(r, ModelRejectionStage.OFFSET_HEADER)).containsExactly("1", "2");
        }
    }

    private static String header(org.apache.kafka.streams.test.TestRecord<String, Alert> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldWaitForAVerdictTheRegistryHasNotReachedYetAndKeepOrder() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = fx.driver.createOutputTopic(fx.topics.alerts().name(),
                    Serdes.String().deserializer(), fx.topics.alerts().valueSerde().deserializer());
            updates.pipeInput("fraud", new byte[] {2}, T0);
            updates.pipeInput("fraud", new byte[] {3}, T0.plusSeconds(1));
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(alerts.isEmpty()).as("no verdict yet").isTrue();

            fx.models.apply("fraud", tampered("2"), 0, 0);
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(alerts.readValuesToList()).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);

            fx.models.apply("fraud", v3.toUpdate(), 0, 1);
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(alerts.readValuesToList()).extracting(Alert::getStatus).containsExactly(AlertStatus.RESOLVED);
        }
    }

    @Test
    void shouldNeitherResolveOnAShadowNorAlertOnARecordTheRegistrySkipped() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = fx.driver.createOutputTopic(fx.topics.alerts().name(),
                    Serdes.String().deserializer(), fx.topics.alerts().valueSerde().deserializer());
            fx.models.apply("fraud", tampered("2"), 0, 0);
            updates.pipeInput("fraud", new byte[] {2}, T0);
            ModelUpdate shadow = v3.toUpdate();
            shadow.setAction(io.driftline.ModelAction.SHADOW);
            fx.models.apply("fraud", shadow, 0, 1);
            updates.pipeInput("fraud", new byte[] {3}, T0.plusSeconds(1));
            fx.models.verdicts().passed(0, 2); // the listener skipped offset 2 (it threw past the registry)
            updates.pipeInput("fraud", new byte[] {4}, T0.plusSeconds(2));
            assertThat(alerts.readValuesToList()).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);
        }
    }

    /** One run of the stage on restored state, as {@code DriftlineTopology} wires it, keeping the changelogs. */
    private List<KeyValue<String, Alert>> run(ModelRegistry registry, List<Instant> recordTimes, Duration wallClock)
            throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        new AlertSink(new Topic<>("alerts", Serdes.String(), alertSerde)).write(
                ModelRejectionStage.alerts(builder, "model-updates", registry.verdicts(), Duration.ofSeconds(1)),
                AlertSink.Writer.MODEL_REJECTED);
        Properties props = io.driftline.topology.DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        props.put("state.dir", Files.createTempDirectory(tempRoot, "driftline-model-rejected").toString());
        String appId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        List<String> stores = List.of(ModelRejectionStage.STORE, ModelRejectionStage.PENDING_STORE);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            for (String store : stores) {
                KeyValueStore<Object, Object> restored = driver.getKeyValueStore(store);
                for (KeyValue<String, byte[]> entry : changelogs.getOrDefault(store, List.of())) {
                    // As Kafka Streams restores: the changelog's bytes through the store's layout.
                    boolean pending = store.equals(ModelRejectionStage.PENDING_STORE);
                    restored.put(pending ? Long.valueOf(entry.key) : entry.key,
                            pending ? io.driftline.topology.state.TimeLayout.of(store).decode(entry.value)
                                    : RejectedBundle.LAYOUT.decode(entry.value));
                }
            }
            TestInputTopic<String, byte[]> in = driver.createInputTopic("model-updates", Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> out = driver.createOutputTopic("alerts", Serdes.String().deserializer(),
                    alertSerde.deserializer());
            recordTimes.forEach(t -> in.pipeInput("fraud", new byte[] {0}, t));
            driver.advanceWallClockTime(wallClock);
            List<KeyValue<String, Alert>> emitted = out.readKeyValuesToList();
            for (String store : stores) {
                String topic = appId + "-" + store + "-changelog";
                if (driver.producedTopicNames().contains(topic)) {
                    var changelog = store.equals(ModelRejectionStage.PENDING_STORE)
                            ? driver.createOutputTopic(topic, Serdes.Long().deserializer(), Serdes.ByteArray().deserializer())
                                    .readKeyValuesToList().stream()
                                    .map(kv -> KeyValue.pair(String.valueOf(kv.key), kv.value)).toList()
                            : driver.createOutputTopic(topic, Serdes.String().deserializer(),
                                    Serdes.ByteArray().deserializer()).readKeyValuesToList();
                    List<KeyValue<String, byte[]>> log = changelogs.computeIfAbsent(store, s -> new ArrayList<>());
                    log.addAll(changelog);
                }
            }
            return emitted;
        }
    }

    @Test
    void shouldKeepTheOpenAlertAcrossARestartAndResolveItAfter() throws Exception {
        ModelRegistry first = registry(T0);
        first.apply("fraud", v1.toUpdate()); // served before this run
        first.apply("fraud", tampered("2"), 0, 0);
        List<KeyValue<String, Alert>> opened = run(first, List.of(T0), Duration.ZERO);
        assertThat(opened).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("fraud|MODEL_REJECTED|2");
            assertThat(kv.value.getStatus()).isEqualTo(AlertStatus.OPEN);
        });
        first.close();

        // A new instance: its listener re-reads the topic; the driver numbers this run's records from 0 again.
        ModelRegistry second = registry(T0.plusSeconds(600));
        second.apply("fraud", v1.toUpdate());
        second.apply("fraud", v3.toUpdate(), 0, 0);
        List<KeyValue<String, Alert>> resolved = run(second, List.of(T0.plusSeconds(600)), Duration.ZERO);
        assertThat(resolved).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("fraud|MODEL_REJECTED|2");
            assertThat(kv.value.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(kv.value.getCreatedAt()).isEqualTo(T0);
            assertThat(kv.value.getUpdatedAt()).isEqualTo(T0.plusSeconds(600));
            assertThat(kv.value.getMessage()).isEqualTo(opened.get(0).value.getMessage() + "; resolved: v3 deployed");
        });
        second.close();
    }

    @Test
    void shouldKeepARecordWaitingForItsVerdictAcrossARestart() throws Exception {
        ModelRegistry first = registry(T0);
        assertThat(run(first, List.of(T0), Duration.ofSeconds(5))).as("the registry has not judged it").isEmpty();
        first.close();

        ModelRegistry second = registry(T0.plusSeconds(60));
        second.apply("fraud", tampered("2"), 0, 0);
        List<KeyValue<String, Alert>> opened = run(second, List.of(), Duration.ofSeconds(1));
        assertThat(opened).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("fraud|MODEL_REJECTED|2");
            assertThat(kv.value.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(kv.value.getMessage()).endsWith("; no version keeps serving");
        });
        second.close();
    }
}

package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.RetrainRequest;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.retrain.RetrainPolicy;
import io.driftline.topology.retrain.RetrainStage;
import io.driftline.topology.state.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert hysteresis and the retrain cooldown across restarts and a model swap. Each restart is a new
 * TopologyTestDriver whose stores are filled, before any report, with exactly what the last run wrote to their
 * changelog topics (what Kafka Streams restores); nothing else carries over. So a restart in the middle of an
 * episode must neither re-open an open alert, nor forget a clean window counted towards resolving, nor reset the
 * cooldown; and a swap to another version keeps the (model, type, subject) alert and the model's cooldown.
 */
class AlertRetrainRestartTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_800_000_000_000L;

    private DevSchemaRegistry registry;
    private RestSchemaRegistryClient client;
    private Serde<DriftReport> reportSerde;
    private Serde<Alert> alertSerde;
    private Serde<RetrainRequest> requestSerde;
    /** What the runs so far wrote to each store's changelog, in order, per store. */
    private final Map<String, List<KeyValue<String, byte[]>>> changelogs = new HashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<RetrainRequest> requests = new ArrayList<>();
    private long window = T0;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        reportSerde = AvroSerdes.specific(DriftReport.class, client, serde, false);
        alertSerde = AvroSerdes.specific(Alert.class, client, serde, false);
        requestSerde = AvroSerdes.specific(RetrainRequest.class, client, serde, false);
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    /** One run of the service: restores the stores from the changelogs, pipes the reports, keeps its output. */
    private void run(List<DriftReport> reports) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        var in = builder.stream("drift-reports", Consumed.with(Serdes.String(), reportSerde));
        AlertStage.alerts(builder, in, AlertPolicy.defaults(), Clock.systemUTC())
                .to("alerts", Produced.with(Serdes.String(), alertSerde));
        RetrainStage.requests(builder, in, RetrainPolicy.defaults())
                .to("retrain-requests", Produced.with(Serdes.String(), requestSerde));
        Properties props = DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        props.put("state.dir", Files.createTempDirectory(tempRoot, "driftline-alert-restart").toString());
        String appId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            for (String store : List.of(AlertStage.STORE, RetrainStage.STORE)) {
                // The changelog's bytes, read back through the store's layout as a restore would.
                KeyValueStore<String, Object> restored = driver.getKeyValueStore(store);
                StateLayout<?> layout = store.equals(AlertStage.STORE) ? AlertState.LAYOUT : RetrainStage.stateLayout();
                for (KeyValue<String, byte[]> entry : changelogs.getOrDefault(store, List.of())) {
                    restored.put(entry.key, layout.decode(entry.value));
                }
            }
            TestInputTopic<String, DriftReport> input = driver.createInputTopic("drift-reports",
                    Serdes.String().serializer(), reportSerde.serializer());
            TestOutputTopic<String, Alert> out = driver.createOutputTopic("alerts", Serdes.String().deserializer(),
                    alertSerde.deserializer());
            TestOutputTopic<String, RetrainRequest> asked = driver.createOutputTopic("retrain-requests",
                    Serdes.String().deserializer(), requestSerde.deserializer());
            reports.forEach(r -> input.pipeInput(r.getModel(), r, r.getWindowEnd().toEpochMilli()));
            alerts.addAll(out.readValuesToList());
            requests.addAll(asked.readValuesToList());
            for (String store : List.of(AlertStage.STORE, RetrainStage.STORE)) {
                String topic = appId + "-" + store + "-changelog";
                if (driver.producedTopicNames().contains(topic)) {
                    changelogs.computeIfAbsent(store, s -> new ArrayList<>()).addAll(driver.createOutputTopic(topic,
                            Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readKeyValuesToList());
                }
            }
        }
    }

    private DriftReport report(String version, boolean drifted) {
        long start = window;
        window += MINUTE;
        double value = drifted ? 0.4 : 0.01;
        MetricResult psi = MetricResult.newBuilder().setMetric("psi").setValue(value).setThreshold(0.25)
                .setDrifted(drifted).setSeverity(drifted ? MetricSeverity.WARN : MetricSeverity.NONE)
                .setEffectSize(value).setWarnThreshold(0.25).setAlertThreshold(0.5).build();
        FeatureDrift amount = FeatureDrift.newBuilder().setFeature("amount").setCount(2_000).setMissingRate(0)
                .setMetrics(List.of(psi)).setDrifted(drifted).build();
        return DriftReport.newBuilder().setModel("fraud").setModelVersion(version)
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + MINUTE))
                .setCount(2_000).setFeatures(List.of(amount)).setPrediction(null).setPerformance(List.of())
                .setCorrection("holm").setSufficientSample(true).setDrifted(drifted)
                .setCreatedAt(Instant.ofEpochMilli(start + MINUTE)).build();
    }

    @Test
    void shouldNeitherReopenNorForgetAcrossRestartsAndKeepTheAlertAndCooldownAcrossASwap() throws Exception {
        run(List.of(report("1", true), report("1", true), report("1", true)));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN));
        assertThat(requests).as("three drifted windows in a row").hasSize(1);
        String alertId = alerts.get(0).getAlertId();

        // Restart in the middle of the episode: still drifted, then one clean window (of the two that resolve).
        run(List.of(report("1", true), report("1", false)));
        assertThat(alerts).as("the open alert is not opened again").hasSize(1);
        assertThat(requests).as("the cooldown (6 h) is not reset by the restart").hasSize(1);

        // Restart between the two clean windows: the second one resolves, so the first was remembered.
        run(List.of(report("1", false)));
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alertId);

        // Drift again, open under v1, then v2 is swapped in and its windows drift too: the same (model, type,
        // subject) alert stays open, no second one opens, and the model's cooldown still holds.
        run(List.of(report("1", true), report("1", true)));
        assertThat(alerts).hasSize(3);
        Alert reopened = alerts.get(2);
        assertThat(reopened.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(reopened.getModelVersion()).isEqualTo("1");
        run(List.of(report("2", true), report("2", true), report("2", true)));
        assertThat(alerts).as("still open across the swap and the restart").hasSize(3);
        assertThat(requests).as("cooldown per model, not per version").hasSize(1);

        // v2's clean windows resolve the alert that v1 opened, under the same id, naming v2.
        run(List.of(report("2", false), report("2", false)));
        assertThat(alerts).hasSize(4);
        Alert resolved = alerts.get(3);
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getAlertId()).isEqualTo(reopened.getAlertId());
        assertThat(resolved.getModelVersion()).isEqualTo("2");
    }

    @Test
    void shouldRequestAgainOnceTheCooldownHasPassedAcrossARestart() throws Exception {
        run(List.of(report("1", true), report("1", true), report("1", true)));
        assertThat(requests).hasSize(1);
        window += RetrainPolicy.defaults().cooldown().toMillis();
        run(List.of(report("1", true)));
        assertThat(requests).as("past the cooldown, the episode still on after the restart: asked again").hasSize(2);
        assertThat(requests.get(1).getDataWindowStart()).isEqualTo(requests.get(0).getDataWindowStart());
    }
}

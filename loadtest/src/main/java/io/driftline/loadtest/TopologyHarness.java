package io.driftline.loadtest;

import io.driftline.Alert;
import io.driftline.DriftReport;
import io.driftline.devkit.WorkDirs;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.alert.AlertPolicy;
import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.StatsSettings;
import io.driftline.topology.topics.TopicNames;
import io.driftline.topology.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The service's real topology ({@link DriftlineTopology#build}) under Kafka Streams' {@link TopologyTestDriver}, with
 * a development schema registry for the Avro serdes and the benchmark bundle deployed through the model registry
 * (verified and loaded into ONNX Runtime as the service does). Events go in as a producer would send them (Avro,
 * Confluent wire format); drift reports and alerts come out of their topics.
 *
 * <p>The driver keeps every output record in memory until read, changelogs and predictions included, so
 * {@link #drain()} reads them all every few hundred events (a changelog record of a window's statistics, KLL
 * sketches included, is tens of KiB). It also commits after every input record, where the service
 * commits every 100 ms: throughput measured here is a floor for one stream thread, not the service's.
 */
final class TopologyHarness implements AutoCloseable {

    private static final String KEY = "k"; // one input partition under the driver: the key does not matter

    private final DevSchemaRegistry devRegistry;
    private final SchemaRegistryClient registryClient;
    private final ModelRegistry models;
    private final TopologyTestDriver driver;
    private final Topics topics;
    private final TestInputTopic<String, byte[]> events;
    private final TestOutputTopic<String, DriftReport> reports;
    private final TestOutputTopic<String, Alert> alerts;
    private final Serializer<GenericRecord> serializer;
    private final Set<String> read;
    private final Path stateDir;

    /**
     * Starts the topology with one-minute-style tumbling windows of {@code windowSize}, the given thresholds and
     * alert policy, one input partition (so each window's single partial merges at once), and deploys the bundle.
     *
     * @throws IllegalStateException when the model registry rejects the bundle
     */
    TopologyHarness(ModelBundle bundle, Duration windowSize, DriftThresholds thresholds, AlertPolicy alertPolicy)
            throws IOException {
        devRegistry = DevSchemaRegistry.start("localhost", 0, null);
        registryClient = RestSchemaRegistryClient.create(devRegistry.url());
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", devRegistry.url());
        models = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC());
        ModelEvent deployed = models.apply(BenchmarkModel.MODEL, bundle.toUpdate());
        if (deployed.kind() != ModelEvent.Kind.DEPLOYED) {
            throw new IllegalStateException("the benchmark bundle was not deployed: " + deployed);
        }
        DriftlineTopology.Metrics metrics = DriftlineTopology.Metrics.create();
        Properties props = DriftlineTopology.streamsConfig("driftline", TopicNames.defaults());
        stateDir = Files.createTempDirectory("driftline-bench");
        props.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics.deadLetters());
        // Grace 1 s: events arrive in event-time order, so a window can close as soon as the next one starts.
        StatsSettings stats = StatsSettings.defaults().withWindows(windowSize, Duration.ofSeconds(1), windowSize)
                .withInputPartitions(InputPartitions.fixed(1)).withThresholds(thresholds);
        DriftlineTopology.Settings settings = DriftlineTopology.Settings.defaults()
                .withParkedDrainInterval(Duration.ofMillis(100)).withDrift(stats).withAlerts(alertPolicy);
        DriftlineTopology.Context context = DriftlineTopology.Context.create(TopicNames.defaults(), registryClient,
                serdeConfig, Duration.ofSeconds(60), models, metrics, settings);
        topics = context.topics();
        driver = new TopologyTestDriver(DriftlineTopology.build(context, props), props);
        events = driver.createInputTopic(topics.events().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        reports = driver.createOutputTopic(topics.driftReports().name(), Serdes.String().deserializer(),
                topics.driftReports().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        serializer = AvroSerdes.generic(registryClient, serdeConfig, false).serializer();
        read = Set.of(topics.driftReports().name(), topics.alerts().name());
    }

    /** The event as a producer would serialise it (registers the schema on first use). */
    byte[] serialize(GenericRecord event) {
        return serializer.serialize(topics.events().name(), event);
    }

    /** Pipes one serialised event at an event time: ingest, score, window statistics, and what they emit. */
    void pipe(byte[] event, long eventTime) {
        events.pipeInput(KEY, event, eventTime);
    }

    /** Drift reports emitted since the last call. */
    List<DriftReport> reports() {
        return reports.readValuesToList();
    }

    /** Alerts emitted since the last call. */
    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    /** Discards what the driver holds of every other output topic (predictions, changelogs, retrain requests). */
    void drain() {
        for (String topic : driver.producedTopicNames()) {
            if (!read.contains(topic)) {
                driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())
                        .readRecordsToList();
            }
        }
    }

    @Override
    public void close() {
        driver.close();
        models.close();
        registryClient.close();
        devRegistry.close();
        // The driver leaves its state directory behind; a benchmark of many runs would fill the temp directory.
        WorkDirs.delete(stateDir);
    }
}

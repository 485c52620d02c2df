package io.driftline.topology;

import io.driftline.Prediction;
import io.driftline.devkit.WorkDirs;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.topics.TopicNames;
import io.driftline.topology.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology under TopologyTestDriver, with a development registry for the serdes. */
public final class TopologyFixture implements AutoCloseable {

    public final DevSchemaRegistry devRegistry;
    public final SchemaRegistryClient registryClient;
    public final Topics topics;
    public final ModelRegistry models;
    public final DriftlineTopology.Metrics allMetrics = DriftlineTopology.Metrics.create();
    public final ScoreMetrics metrics = allMetrics.score();
    public final TestInputTopic<String, byte[]> profiles;
    public final TopologyTestDriver driver;
    public final org.apache.kafka.streams.Topology topology;
    public final TestInputTopic<String, byte[]> events;
    public final TestOutputTopic<String, Prediction> predictions;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    public final Serializer<GenericRecord> eventSerializer;
    public final Transactions.Generator generator = Transactions.generator(7);
    private final Path stateDir;

    public TopologyFixture() throws Exception {
        this(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100)));
    }

    public TopologyFixture(DriftlineTopology.Settings settings) throws Exception {
        devRegistry = DevSchemaRegistry.start("localhost", 0, null);
        registryClient = RestSchemaRegistryClient.create(devRegistry.url());
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", devRegistry.url());
        models = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC());
        DriftlineTopology.Context context = DriftlineTopology.Context.create(TopicNames.defaults(), registryClient,
                serdeConfig, Duration.ofSeconds(60), models, allMetrics, settings);
        topics = context.topics();
        var props = DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        stateDir = Files.createTempDirectory("driftline-ttd");
        props.put("state.dir", stateDir.toString());
        props.put(DeadLetterHandler.METRICS_CONFIG, allMetrics.deadLetters());
        topology = DriftlineTopology.build(context, props);
        driver = new TopologyTestDriver(topology, props);
        events = driver.createInputTopic(topics.events().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), Serdes.String().deserializer(),
                topics.predictions().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.eventsDlq().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        eventSerializer = AvroSerdes.generic(registryClient, serdeConfig, false).serializer();
        profiles = driver.createInputTopic(topics.entityProfiles().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    /** Pipes a profile (any Avro record, or null for a tombstone) for {@code key}, as a producer would. */
    public void pipeProfile(String key, GenericRecord profile) {
        profiles.pipeInput(key, profile == null ? null : eventSerializer.serialize(topics.entityProfiles().name(), profile));
    }

    /** Pipes raw bytes as a profile value. */
    public void pipeProfileBytes(String key, byte[] bytes) {
        profiles.pipeInput(key, bytes);
    }

    /** A fresh demo transaction at the given event time. */
    public GenericRecord transaction(long eventTime) {
        return generator.next(eventTime);
    }

    /** Pipes one event, keyed by its card id, serialised as a producer would. */
    public byte[] pipe(GenericRecord event, long timestamp) {
        byte[] bytes = eventSerializer.serialize(topics.events().name(), event);
        events.pipeInput(String.valueOf(event.get("cardId")), bytes, timestamp);
        return bytes;
    }

    @Override
    public void close() throws Exception {
        driver.close();
        models.close();
        registryClient.close();
        devRegistry.close();
        WorkDirs.delete(stateDir); // the driver leaves it behind
    }
}

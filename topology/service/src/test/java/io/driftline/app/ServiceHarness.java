package io.driftline.app;

import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.WorkDirs;
import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Driftline instance on the shared real broker with its own topic prefix, plus a producer of demo events,
 * a model publisher and a predictions reader: what the integration tests drive.
 */
final class ServiceHarness implements AutoCloseable {

    final DevSchemaRegistry devRegistry;
    final SchemaRegistryClient registryClient;
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    final Path stateDir;
    final Map<String, Object> serdeConfig;
    final Transactions.Generator generator = Transactions.generator(99);
    private final KafkaProducer<String, GenericRecord> producer;
    private final Map<String, Object> overrides = new HashMap<>();
    DriftlineService service;

    private final boolean ownsRegistry;

    ServiceHarness() throws Exception {
        this(DevSchemaRegistry.start("localhost", 0, null), true);
    }

    /** A harness on a registry the test owns (to stop and start it again), not closed with the harness. */
    ServiceHarness(DevSchemaRegistry registry) throws Exception {
        this(registry, false);
    }

    private ServiceHarness(DevSchemaRegistry registry, boolean ownsRegistry) throws Exception {
        this.ownsRegistry = ownsRegistry;
        devRegistry = registry;
        registryClient = RestSchemaRegistryClient.create(devRegistry.url());
        serdeConfig = Map.of("schema.registry.url", devRegistry.url());
        stateDir = Files.createTempDirectory("driftline-it-state");
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                AvroSerdes.generic(registryClient, serdeConfig, false).serializer());
    }

    DriftlineConfig config() {
        Map<String, Object> props = new HashMap<>(overrides);
        props.put(DriftlineConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, devRegistry.url());
        props.put(DriftlineConfig.APPLICATION_ID, prefix + "app");
        props.put(DriftlineConfig.TOPIC_PREFIX, prefix);
        props.put(DriftlineConfig.STATE_DIR, stateDir.toString());
        props.put("commit.interval.ms", 100);
        props.put(DriftlineConfig.HTTP_PORT, 0); // several instances share one JVM in the tests
        return new DriftlineConfig(props);
    }

    /**
     * Sets a Driftline or Kafka Streams property for the next {@link #start()} (the broker, registry, application
     * id, topic prefix, state directory and commit interval stay the harness's own).
     */
    ServiceHarness override(String key, Object value) {
        overrides.put(key, value);
        return this;
    }

    DriftlineService start() throws InterruptedException {
        service = new DriftlineService(config()).start();
        return service;
    }

    void stop() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    String topic(String name) {
        return prefix + name;
    }

    /** Publishes a bundle (or any update) to the model-update topic. */
    void publish(String model, ModelUpdate update) {
        try (BundlePublisher publisher = new BundlePublisher(topic("model-updates"),
                Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                AvroSerdes.specific(ModelUpdate.class, registryClient, serdeConfig, false).serializer())) {
            publisher.publish(model, update);
        }
    }

    /** Sends one event, keyed by its card id, and flushes. */
    void send(GenericRecord event) {
        producer.send(new ProducerRecord<>(topic("events"), event.get("cardId").toString(), event));
        producer.flush();
    }

    /** Produces n demo events to {@code topic} (a name behind the prefix) and returns their transaction ids. */
    List<String> produceTo(String topic, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GenericRecord event = generator.next(System.currentTimeMillis());
            ids.add(event.get("transactionId").toString());
            producer.send(new ProducerRecord<>(topic(topic), event.get("cardId").toString(), event));
        }
        producer.flush();
        return ids;
    }

    /** Committed predictions of an output topic (a name behind the prefix), read as {@link #readPredictions} does. */
    List<Prediction> readPredictions(String topic, int expected, Duration timeout) {
        return readCommitted(topic(topic), new StringDeserializer(),
                AvroSerdes.specific(Prediction.class, registryClient, serdeConfig, false).deserializer(), expected, timeout)
                .stream().map(ConsumerRecord::value).toList();
    }

    /** Payments to the events topic, keyed by card and timestamped with their event times. */
    void sendPayments(List<Transactions.Payment> payments) {
        for (Transactions.Payment p : payments) {
            producer.send(new ProducerRecord<>(topic("events"), null, p.eventTime(), p.cardId(), p.transaction()));
        }
        producer.flush();
    }

    /** The cards' profiles to the profiles topic, keyed by card. */
    void publishProfiles(CardPopulation cards) {
        for (int i = 0; i < cards.size(); i++) {
            producer.send(new ProducerRecord<>(topic("entity-profiles"), cards.cardId(i), cards.profile(i)));
        }
        producer.flush();
    }

    /** Produces n demo events and returns their transaction ids in order. */
    List<String> produce(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GenericRecord event = generator.next(System.currentTimeMillis());
            ids.add(event.get("transactionId").toString());
            producer.send(new ProducerRecord<>(topic("events"), event.get("cardId").toString(), event));
        }
        producer.flush();
        return ids;
    }

    /**
     * Reads committed predictions from the start until {@code expected} arrived or the time-out passed, then until
     * nothing more can arrive: the application has committed its input to the end and the predictions are read to
     * their end offsets, so a duplicate beyond the expected count is seen, without waiting a fixed time.
     */
    List<Prediction> readPredictions(int expected, Duration timeout) {
        return readCommitted(topic("predictions"), new StringDeserializer(),
                AvroSerdes.specific(Prediction.class, registryClient, serdeConfig, false).deserializer(), expected, timeout)
                .stream().map(ConsumerRecord::value).toList();
    }

    /** Committed records of {@code topic} from the start, read as {@link #readPredictions} does. */
    <K, V> List<ConsumerRecord<K, V>> readCommitted(String topic, Deserializer<K> keys, Deserializer<V> values,
                                                    int expected, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            if (out.size() >= expected) {
                // Everything the input can yield is written once the input is committed to its end.
                awaitInputCommitted(Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(30).toNanos())));
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the stable offsets
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    if (System.nanoTime() > deadline + Duration.ofSeconds(30).toNanos()) {
                        throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                }
            }
        }
        return out;
    }

    /**
     * Waits until the application has committed the events topic to its end offsets: every event has then been
     * processed and its outputs are written (in the same transaction under exactly-once, before the commit under
     * at-least-once).
     */
    void awaitInputCommitted(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            Map<TopicPartition, Long> end = endOffsets(admin, java.util.Set.of(topic("events")));
            await("the application to commit " + topic("events") + " to " + end, timeout, () -> {
                try {
                    // The harness's application, or one a test started itself (RunModeIT's run command) with an
                    // application id of this harness's prefix.
                    for (var group : admin.listConsumerGroups().all().get()) {
                        if (!group.groupId().startsWith(prefix)) {
                            continue;
                        }
                        Map<TopicPartition, OffsetAndMetadata> committed = admin
                                .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                        if (end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()))) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("cannot read the offsets of " + topic("events"), e);
        }
    }

    /**
     * Waits until the pipeline is quiet: the application has consumed every record of its input topics and of its
     * repartition topics (the partial window statistics the merge reads among them) and committed past it,
     * and no end offset moved while that was checked. Every output that those records lead to is then written:
     * what a test would otherwise sleep for. Wall-clock closes (idle partitions) are not records and not covered.
     *
     * <p>A committed offset can sit below the end offset with nothing left to read: under exactly-once the end of a
     * partition the application writes itself (a repartition topic) is a transaction marker, and
     * Kafka Streams commits no new offset for a marker alone. So the check reads each partition from its committed
     * offset with a {@code read_committed} consumer: quiet means that read reaches the end and returns no record.
     */
    void awaitQuiet(Duration timeout) throws InterruptedException {
        String application = prefix + "app";
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
                KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumerConfig,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
            await(() -> "the pipeline of " + application + " to go quiet; last seen: " + last.get(), timeout, () -> {
                try {
                    java.util.Set<String> topics = new java.util.HashSet<>();
                    for (String name : admin.listTopics().names().get()) {
                        if (name.equals(topic("events")) || name.equals(topic("labels"))
                                || (name.startsWith(application + "-") && name.endsWith("-repartition"))) {
                            topics.add(name);
                        }
                    }
                    Map<TopicPartition, Long> before = endOffsets(admin, topics);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(application)
                            .partitionsToOffsetAndMetadata().get();
                    last.set("end offsets " + before + ", committed " + committed);
                    return nothingLeftToRead(reader, before, committed) && before.equals(endOffsets(admin, topics));
                } catch (Exception e) {
                    last.set(e.toString());
                    return false;
                }
            });
        }
    }

    /** Whether reading every partition from its committed offset reaches its end offset without a record. */
    private static boolean nothingLeftToRead(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> end,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> behind = new HashMap<>();
        end.forEach((tp, offset) -> {
            long from = committed.get(tp) == null ? 0 : committed.get(tp).offset();
            if (from < offset) {
                behind.put(tp, from);
            }
        });
        if (behind.isEmpty()) {
            return true;
        }
        reader.assign(behind.keySet());
        behind.forEach(reader::seek);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                return false;
            }
            if (behind.keySet().stream().allMatch(tp -> reader.position(tp) >= end.get(tp))) {
                return true;
            }
        }
        return false;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, timeout, condition);
    }

    static void await(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        producer.close();
        registryClient.close();
        if (ownsRegistry) {
            devRegistry.close();
        }
        WorkDirs.delete(stateDir); // the services are stopped: nothing writes in it any more
    }
}

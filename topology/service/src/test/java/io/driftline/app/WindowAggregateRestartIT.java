package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Prediction;
import io.driftline.devkit.payments.Transactions;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.enrich.window.AggregateEchoModel;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.enrich.window.WindowAggregateStage;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Window aggregates continue from the changelog after a restart: two instances (own application ids and topics)
 * read the same events; one runs straight through, the other is stopped mid-stream, loses its local state and
 * restarts. Every event must get the same aggregates from both, and the same events must be too late in both.
 *
 * <p>The aggregates are observed through the real pipeline with no hook: the model is {@link AggregateEchoModel},
 * an ONNX Identity graph fed {@code agg.*}, so each prediction's scores are the event's aggregates (float32).
 */
class WindowAggregateRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String AGGREGATES = "n_30s=count(amount)@30s, n_2m=count(amount)@2m, sum_2m=sum(amount)@2m, "
            + "mean_2m=mean(amount)@2m, min_30s=min(amount)@30s, max_2m=max(amount)@2m, "
            + "categories_2m=distinct(merchantCategory)@2m";
    private static final long GRACE_MS = 10_000;
    private static final int CARDS = 12;
    private static final int BATCH = 600;

    @Test
    void shouldGiveTheSameAggregatesAfterARestartThatRestoresFromTheChangelog() throws Exception {
        List<AggregateSpec> specs = AggregateSpec.parseList(AGGREGATES);
        long base = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
        List<Timed> first = events(base, 0, 1);
        List<Timed> second = events(base + BATCH * 100L, BATCH, 2);
        int total = first.size() + second.size();
        try (ServiceHarness straight = harness(); ServiceHarness restarted = harness()) {
            for (ServiceHarness h : List.of(straight, restarted)) {
                createTopics(h);
                DriftlineService service = h.start();
                h.publish(AggregateEchoModel.MODEL, AggregateEchoModel.bundle("1", specs, "transactionId", -1).toUpdate());
                ServiceHarness.await("echo model serving", TIMEOUT,
                        () -> "1".equals(service.models().currentVersion(AggregateEchoModel.MODEL)));
            }
            produce(straight, first);
            produce(restarted, first);
            Outcome before = Outcome.await(restarted, first.size());
            restarted.stop();
            deleteLocalState(restarted);

            produce(straight, second);
            produce(restarted, second);
            restarted.start();
            Outcome expected = Outcome.await(straight, total);
            Outcome actual = Outcome.await(restarted, total);

            assertThat(expected.late()).as("late events in the straight run").isNotEmpty();
            assertThat(actual.late()).as("the same events are too late after the restart")
                    .containsExactlyInAnyOrderElementsOf(expected.late());
            assertThat(actual.aggregates().keySet()).isEqualTo(expected.aggregates().keySet());
            for (String id : expected.aggregates().keySet()) {
                assertThat(actual.aggregates().get(id)).as("aggregates of event %s", id)
                        .isEqualTo(expected.aggregates().get(id));
            }
            // The restored windows mattered: each card's first event after the restart counts earlier ones.
            Map<String, String> firstAfterRestart = new HashMap<>();
            second.stream().filter(e -> actual.aggregates().containsKey(e.id()))
                    .forEach(e -> firstAfterRestart.putIfAbsent(e.key(), e.id()));
            assertThat(firstAfterRestart).hasSize(CARDS);
            assertThat(firstAfterRestart.values())
                    .allSatisfy(id -> assertThat(actual.aggregates().get(id).get("n_2m")).isGreaterThan(1.0));
            assertThat(before.late()).as("late events before the restart").isNotEmpty();
            assertThat(changelogRecords(restarted)).isGreaterThanOrEqualTo(first.size() - before.late().size());
        }
    }

    /** One event to produce: card, event time, payment. */
    private record Timed(String key, long timestamp, GenericRecord event) {
        String id() {
            return event.get("transactionId").toString();
        }
    }

    /**
     * A batch of payments of a few cards, 100 ms apart from {@code base}: every 7th is up to 8 s out of order
     * (inside the 10 s grace), every 50th 40 s behind (too late); a batch after the first starts with one late
     * payment per card, so that lateness right after the restart is judged on the restored stream time.
     */
    private static List<Timed> events(long base, int offset, long seed) {
        Transactions.Generator generator = Transactions.generator(seed);
        Random random = new Random(seed);
        List<Timed> out = new ArrayList<>();
        if (offset > 0) {
            for (int card = 0; card < CARDS; card++) {
                out.add(payment(generator, card, base - 40_000));
            }
        }
        for (int i = 0; i < BATCH; i++) {
            long t = base + i * 100L;
            int n = offset + i;
            if (n % 50 == 49) {
                t -= 40_000;
            } else if (n % 7 == 3) {
                t -= random.nextInt(8_000);
            }
            out.add(payment(generator, random.nextInt(CARDS), t));
        }
        return out;
    }

    private static Timed payment(Transactions.Generator generator, int card, long t) {
        GenericRecord event = generator.next(t);
        String key = String.format("card-%03d", card);
        event.put("cardId", key);
        return new Timed(key, t, event);
    }

    private static ServiceHarness harness() throws Exception {
        // Kafka Streams does not leave its group on close: a short session lets the restarted instance take its
        // partitions back after 6 s instead of the default 45 s.
        return new ServiceHarness().override(DriftlineConfig.AGGREGATES, AGGREGATES)
                .override(DriftlineConfig.AGGREGATE_GRACE_MS, GRACE_MS)
                .override(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                .override(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    }

    /**
     * Creates the instance's topics and waits until the broker serves their metadata. The service creates them
     * too, but its model-update listener gives up at once when the new topic is not in the metadata yet.
     */
    private static void createTopics(ServiceHarness h) throws InterruptedException {
        DriftlineConfig config = h.config();
        TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                config.topicReplication());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(new ByteArrayDeserializer())) {
            ServiceHarness.await("topic metadata", TIMEOUT, () -> config.topicNames().all().stream()
                    .allMatch(t -> !consumer.partitionsFor(t).isEmpty()));
        }
    }

    private static void produce(ServiceHarness h, List<Timed> events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdes.generic(h.registryClient, h.serdeConfig, false).serializer())) {
            for (Timed e : events) {
                producer.send(new ProducerRecord<>(h.topic("events"), null, e.timestamp(), e.key(), e.event()));
            }
        }
    }

    /** Removes the stopped instance's local state, so that its restart must restore from the changelog. */
    private static void deleteLocalState(ServiceHarness h) throws IOException {
        Path appState = h.stateDir.resolve(h.prefix + "app");
        assertThat(appState).isDirectory();
        try (Stream<Path> paths = Files.walk(appState)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static long changelogRecords(ServiceHarness h) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(new ByteArrayDeserializer())) {
            String topic = h.prefix + "app-" + WindowAggregateStage.STORE + "-changelog";
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <V> KafkaConsumer<byte[], V> consumer(Deserializer<V> values) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), values);
    }

    /**
     * What an instance made of the events: each scored event's aggregates (the echo model's scores) by event id,
     * and the ids of the events dead-lettered as LATE_EVENT.
     */
    private record Outcome(Map<String, Map<String, Double>> aggregates, List<String> late) {

        /** Reads the instance's predictions and dead letters until {@code events} are accounted for. */
        static Outcome await(ServiceHarness h, int events) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                Outcome outcome = read(h);
                int seen = outcome.aggregates().size() + outcome.late().size();
                if (seen >= events || System.nanoTime() > deadline) {
                    assertThat(seen).as("events with a prediction or a LATE_EVENT dead letter").isEqualTo(events);
                    return outcome;
                }
                Thread.sleep(250);
            }
        }

        private static Outcome read(ServiceHarness h) {
            Map<String, Map<String, Double>> aggregates = new HashMap<>();
            for (Prediction p : readAll(h, "predictions",
                    AvroSerdes.specific(Prediction.class, h.registryClient, h.serdeConfig, false).deserializer())) {
                Map<String, Double> previous = aggregates.put(p.getEventId(), Map.copyOf(p.getScores()));
                assertThat(previous).as("a second prediction for %s", p.getEventId()).isNull();
            }
            List<String> late = new ArrayList<>();
            var decode = AvroSerdes.generic(h.registryClient, h.serdeConfig, false).deserializer();
            for (ConsumerRecord<byte[], byte[]> dead : readRecords(h, "events-dlq", new ByteArrayDeserializer())) {
                assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value()))
                        .isEqualTo("LATE_EVENT");
                late.add(decode.deserialize(h.topic("events"), dead.value()).get("transactionId").toString());
            }
            return new Outcome(aggregates, late);
        }

        private static <V> List<V> readAll(ServiceHarness h, String topic,
                                           Deserializer<V> values) {
            return readRecords(h, topic, values).stream().map(ConsumerRecord::value).toList();
        }

        private static <V> List<ConsumerRecord<byte[], V>> readRecords(ServiceHarness h, String topic,
                Deserializer<V> values) {
            List<ConsumerRecord<byte[], V>> out = new ArrayList<>();
            try (KafkaConsumer<byte[], V> consumer = consumer(values)) {
                List<TopicPartition> partitions = consumer.partitionsFor(h.topic(topic)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                }
            }
            return out;
        }
    }
}

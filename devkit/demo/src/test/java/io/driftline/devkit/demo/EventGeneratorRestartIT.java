package io.driftline.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.Transactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's warm-up on a real broker: a first start replays the whole history, a restart on the same data only
 * what came after the newest payment the topic already holds, so that the restored card windows count no stretch
 * of time twice.
 */
class EventGeneratorRestartIT {

    private static final Duration WARM_UP = Duration.ofMinutes(10);
    /** The payments themselves do not matter here: their timestamps and count do. */
    private static final Serializer<GenericRecord> AS_TEXT = (topic, record) ->
            record.toString().getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void shouldReplayOnlyTheHistoryAfterThePaymentsTheTopicAlreadyHolds() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(dir)
                .withPort(0).withControllerPort(0))) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("fresh", 2, (short) 1), new NewTopic("restarted", 2,
                        (short) 1))).all().get();
            }
            assertThat(EventGenerator.newestEventTime(client, "fresh")).isEqualTo(Long.MIN_VALUE);

            // The last run's newest payment, 90 s ago, on one partition; an older one on the other.
            long lastRun = System.currentTimeMillis() - 90_000;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("restarted", 0, lastRun, "card", new byte[1])).get();
                producer.send(new ProducerRecord<>("restarted", 1, lastRun - 300_000, "card", new byte[1])).get();
            }
            assertThat(EventGenerator.newestEventTime(client, "restarted")).isEqualTo(lastRun);

            Run fresh = run(client, "fresh");
            Run restarted = run(client, "restarted");

            // A first start replays the whole 10 minutes: its oldest payment is minutes old.
            assertThat(fresh.history()).isNotEmpty();
            assertThat(fresh.oldestHistory()).isLessThan(fresh.started() - Duration.ofMinutes(9).toMillis());
            assertThat(fresh.notices()).noneMatch(n -> n.contains("already holds"));
            // A restart replays only what came after the last run's newest payment: no payment at or before it, and
            // about 90 s of history where the full warm-up is 600 s.
            assertThat(restarted.history()).isNotEmpty().allMatch(t -> t > lastRun);
            assertThat(restarted.history().size()).isLessThan(fresh.history().size() / 3);
            // The restart simulates on from another seed: with the same one, each card would pay at the same moments
            // after each start (the same cards, in the same order), and its bursts would stack in its windows.
            assertThat(fresh.firstLiveCards()).hasSize(20);
            assertThat(restarted.firstLiveCards()).hasSize(20).isNotEqualTo(fresh.firstLiveCards());
            assertThat(restarted.notices()).anyMatch(n -> n.contains("already holds payments up to")
                    && n.contains("only the " + String.format("%,d", restarted.history().size()) + " payments since"));
        }
    }

    /**
     * What one generator run sent: its start, the history's timestamps, the cards of its first live payments in
     * event-time order, its notices.
     */
    private record Run(long started, List<Long> history, List<String> firstLiveCards, List<String> notices) {
        long oldestHistory() {
            return history.stream().mapToLong(Long::longValue).min().orElseThrow();
        }
    }

    private static Run run(Map<String, Object> client, String topic) throws Exception {
        CardPopulation cards = CardPopulation.generate(3, 10_000);
        List<String> notices = new CopyOnWriteArrayList<>();
        long started;
        try (EventGenerator generator = new EventGenerator(topic, null, cards, 4, new BadRecords(0, 5,
                Transactions.schema(), null, topic + "-bad"), client, AS_TEXT, WARM_UP, start -> DriftSchedule.none(),
                null, notices::add).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (notices.stream().noneMatch(n -> n.startsWith("Warm-up: replayed")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(notices).as("the history was replayed").anyMatch(n -> n.startsWith("Warm-up: replayed"));
            // The generator's own start, not the test's clock before it: a payment simulated between the two is
            // history to the generator.
            started = generator.liveFrom();
            while (generator.sent() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        // History payments are those older than the generator's start; live ones came after it.
        List<Long> history = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> live = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                client.get("bootstrap.servers"), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().length > 1 && r.timestamp() < started) { // the pre-existing records are 1 byte
                        history.add(r.timestamp());
                    } else if (r.value().length > 1) {
                        live.add(r);
                    }
                }
            }
        }
        List<String> firstLive = live.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::timestamp))
                .limit(20).map(ConsumerRecord::key).toList();
        return new Run(started, history, firstLive, notices);
    }
}

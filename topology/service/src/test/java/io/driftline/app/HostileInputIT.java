package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.ingest.HostileInputs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Rows 1 to 3 of issue 16 on a real broker, labels on and the demo's window aggregates configured: a 200 KB event of
 * a recursive schema, a label timestamped Long.MAX_VALUE and an event half an hour ahead. Afterwards marker events on
 * every partition are all scored (none LATE_EVENT), a label after the hostile one still joins, and each offending
 * record is in the dead-letter topic exactly once with its code.
 */
class HostileInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldDeadLetterEachHostileRecordOnceAndKeepScoringEveryPartition() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            h.override(DriftlineConfig.LABELS_ENABLED, true)
                    .override(DriftlineConfig.AGGREGATES, "txn_count_10m=count(amount)@10m,amount_sum_10m=sum(amount)@10m");
            DriftlineService service = h.start();
            h.publish("fraud", DemoModel.train("1", 1, 2_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            ServiceHarness.await("ready", TIMEOUT, () -> service.notReadyReason() == null);
            // /ready's verdict sampled throughout: nothing here may stall a partition or kill a stream thread.
            java.util.concurrent.ConcurrentLinkedQueue<String> unready = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    String reason = service.notReadyReason();
                    if (reason != null) {
                        unready.add(reason);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            String events = h.topic("events");
            int partitions = 3;
            Serializer<GenericRecord> serializer = AvroSerdes.generic(h.registryClient, h.serdeConfig, false).serializer();
            Serializer<Label> labels = AvroSerdes.specific(Label.class, h.registryClient, h.serdeConfig, false)
                    .serializer();
            int recursiveId = h.registryClient.register(events + "-recursive", HostileInputs.RECURSIVE);
            byte[] recursive = HostileInputs.chain(recursiveId, 200_000);

            Set<String> expected = new HashSet<>();
            List<String> cards = new ArrayList<>();
            String labelledId;
            byte[] future;
            byte[] hostileLabel;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
                for (int p = 0; p < partitions; p++) { // before: one event per partition, each on a card of its own
                    GenericRecord event = h.generator.next(System.currentTimeMillis());
                    cards.add(event.get("cardId").toString());
                    expected.add(event.get("transactionId").toString());
                    producer.send(new ProducerRecord<>(events, p, cards.get(p), serializer.serialize(events, event)));
                }
                labelledId = expected.iterator().next();
                producer.flush();
                h.readPredictions(partitions, TIMEOUT); // the join has the labelled event's prediction

                // the hostile three
                producer.send(new ProducerRecord<>(events, 0, cards.get(0), recursive));
                long ahead = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
                GenericRecord early = h.generator.next(ahead);
                early.put("cardId", cards.get(1));
                future = serializer.serialize(events, early);
                producer.send(new ProducerRecord<>(events, 1, ahead, cards.get(1), future));
                hostileLabel = labels.serialize(h.topic("labels"), label(labelledId, Long.MAX_VALUE));
                producer.send(new ProducerRecord<>(h.topic("labels"), labelledId, hostileLabel));

                // after: a good label on the hostile one's partition (same key), and markers on every partition
                producer.send(new ProducerRecord<>(h.topic("labels"), labelledId, labels.serialize(h.topic("labels"),
                        label(labelledId, System.currentTimeMillis()))));
                for (int i = 0; i < 5; i++) {
                    for (int p = 0; p < partitions; p++) {
                        GenericRecord marker = h.generator.next(System.currentTimeMillis());
                        marker.put("cardId", cards.get(p));
                        expected.add(marker.get("transactionId").toString());
                        producer.send(new ProducerRecord<>(events, p, cards.get(p), serializer.serialize(events, marker)));
                    }
                }
            }

            List<Prediction> predictions = h.readPredictions(expected.size(), TIMEOUT);
            Map<String, Long> perId = predictions.stream()
                    .collect(Collectors.groupingBy(Prediction::getEventId, Collectors.counting()));
            assertThat(perId.keySet()).isEqualTo(expected);
            assertThat(perId.values()).allMatch(n -> n == 1);
            assertThat(predictions.stream().map(Prediction::getSourcePartition).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1, 2);
            ServiceHarness.await("the label after the hostile one joined", TIMEOUT,
                    () -> service.metrics().labels().joined() >= 1);

            List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(h, 3);
            Map<String, String> codes = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                String kind = r.value().length == recursive.length ? "recursive"
                        : java.util.Arrays.equals(r.value(), future) ? "future"
                        : java.util.Arrays.equals(r.value(), hostileLabel) ? "label" : "other";
                assertThat(codes.put(kind, header(r, DeadLetterHeaders.ERROR_CODE))).as("twice: " + kind).isNull();
            }
            assertThat(codes).isEqualTo(Map.of("recursive", DeadLetterCode.TOO_DEEP.name(),
                    "future", DeadLetterCode.TIMESTAMP_OUT_OF_RANGE.name(),
                    "label", DeadLetterCode.TIMESTAMP_OUT_OF_RANGE.name()));
            assertThat(service.metrics().deadLetters().snapshot()).isEqualTo(Map.of(DeadLetterCode.TOO_DEEP, 1L,
                    DeadLetterCode.TIMESTAMP_OUT_OF_RANGE, 2L));
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
            sampling.set(false);
            sampler.join();
            assertThat(unready).as("/ready said not ready meanwhile").isEmpty();
            var ready = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + service.httpPort() + "/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"stuckPartitions\":{}");
        }
    }

    private static Label label(String eventId, long timestamp) {
        return Label.newBuilder().setEventId(eventId).setLabel("legit").setTimestamp(Instant.ofEpochMilli(timestamp))
                .build();
    }

    /** Reads until {@code expected} arrived, then on to the end offsets (committed), so any duplicate is seen. */
    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(ServiceHarness h, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(h.topic("events-dlq")).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

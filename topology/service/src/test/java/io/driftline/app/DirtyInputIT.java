package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * 10,000 events on a real broker, 1% of them bad in six ways: every good event gets exactly one prediction, every
 * bad one lands in the dead-letter topic exactly once with its code and its original bytes, and the stream keeps
 * running.
 */
class DirtyInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<DeadLetterCode> KINDS = List.of(DeadLetterCode.NOT_AVRO, DeadLetterCode.UNKNOWN_SCHEMA,
            DeadLetterCode.MALFORMED_AVRO, DeadLetterCode.MISSING_FEATURE, DeadLetterCode.NOT_FINITE,
            DeadLetterCode.NULL_VALUE);

    @Test
    void everyEventYieldsOnePredictionOrOneDeadLetterWithItsCodeAndBytes() throws Exception {
        dirtyInput(StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * The same story under at-least-once: no event lost; a duplicate is what the guarantee allows (a retried
     * batch after a failure), so duplicates are counted and printed rather than forbidden. With no failure in
     * this run there should be none, and the count says so.
     */
    @Test
    void shouldLoseNoEventUnderAtLeastOnceAndCountAnyDuplicates() throws Exception {
        dirtyInput(StreamsConfig.AT_LEAST_ONCE);
    }

    private void dirtyInput(String guarantee) throws Exception {
        boolean exactlyOnce = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.override(DriftlineConfig.PROCESSING_GUARANTEE, guarantee).start();
            h.publish("fraud", DemoModel.train("1", 1, 2_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));

            Serializer<GenericRecord> serializer = AvroSerdes.generic(h.registryClient, h.serdeConfig, false).serializer();
            Random random = new Random(2026);
            Set<String> goodIds = new HashSet<>();
            Map<String, Bad> bad = new HashMap<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 10_000; i++) {
                    GenericRecord event = h.generator.next(System.currentTimeMillis());
                    if (i % 100 == 37) {
                        DeadLetterCode kind = KINDS.get(bad.size() % KINDS.size());
                        String key = "bad-" + i;
                        byte[] bytes = badBytes(kind, event, serializer, h, random);
                        bad.put(key, new Bad(kind, bytes));
                        producer.send(new ProducerRecord<>(h.topic("events"), key, bytes));
                    } else {
                        goodIds.add(event.get("transactionId").toString());
                        producer.send(new ProducerRecord<>(h.topic("events"), event.get("cardId").toString(),
                                serializer.serialize(h.topic("events"), event)));
                    }
                }
            }
            assertThat(bad).hasSize(100);

            List<Prediction> predictions = h.readPredictions(goodIds.size(), TIMEOUT);
            Map<String, Long> perId = predictions.stream()
                    .collect(Collectors.groupingBy(Prediction::getEventId, Collectors.counting()));
            assertThat(perId.keySet()).as("no event lost").isEqualTo(goodIds);
            long duplicatePredictions = predictions.size() - perId.size();
            List<ConsumerRecord<byte[], byte[]>> dead = h.readCommitted(h.topic("events-dlq"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer(), bad.size(), TIMEOUT);
            long duplicateDeadLetters = dead.size() - dead.stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count();
            System.out.printf("DirtyInputIT %s: %d predictions for %d good events (%d duplicates), %d dead letters for"
                    + " %d bad events (%d duplicates)%n", guarantee, predictions.size(), goodIds.size(),
                    duplicatePredictions, dead.size(), bad.size(), duplicateDeadLetters);
            if (exactlyOnce) {
                assertThat(perId.values()).allMatch(n -> n == 1);
                assertThat(dead).hasSize(bad.size());
            } else {
                // At-least-once allows duplicates only of whole records, each also seen once: none is lost.
                assertThat(dead.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct())
                        .containsExactlyInAnyOrderElementsOf(bad.keySet());
                dead = dead.stream().filter(distinctBy(r -> new String(r.key(), StandardCharsets.UTF_8))).toList();
            }
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> record : dead) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                Bad expected = bad.get(key);
                assertThat(expected).as("dead letter for an unexpected key %s", key).isNotNull();
                assertThat(seen.add(key)).as("dead-lettered twice: %s", key).isTrue();
                assertThat(header(record, DeadLetterHeaders.ERROR_CODE)).as(key).isEqualTo(expected.code().name());
                assertThat(record.value()).as(key).isEqualTo(expected.bytes());
                assertThat(header(record, DeadLetterHeaders.TOPIC)).isEqualTo(h.topic("events"));
                assertThat(header(record, DeadLetterHeaders.OFFSET)).isNotBlank();
            }
            Map<DeadLetterCode, Long> counted = service.metrics().deadLetters().snapshot();
            assertThat(counted.keySet()).containsExactlyInAnyOrderElementsOf(KINDS);
            assertThat(counted.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(exactlyOnce ? 100 : 100 + duplicateDeadLetters);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private record Bad(DeadLetterCode code, byte[] bytes) {
    }

    private static byte[] badBytes(DeadLetterCode kind, GenericRecord event, Serializer<GenericRecord> serializer,
                                   ServiceHarness h, Random random) {
        byte[] good = serializer.serialize(h.topic("events"), event);
        return switch (kind) {
            case NOT_AVRO -> ("{\"not\": \"avro\", \"n\": " + random.nextInt() + "}").getBytes(StandardCharsets.UTF_8);
            case UNKNOWN_SCHEMA -> {
                byte[] copy = good.clone();
                copy[1] = 0x7f; // schema id 0x7f000000 + ...: never registered
                yield copy;
            }
            case MALFORMED_AVRO -> Arrays.copyOf(good, 12);
            case MISSING_FEATURE -> {
                // The same record without "amount", under a schema of its own subject (dropping a required field
                // is not a compatible change of the events subject): a producer on a wrong schema.
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field f : event.getSchema().getFields()) {
                    if (!f.name().equals("amount")) {
                        fields.add(new Schema.Field(f, f.schema()));
                    }
                }
                Schema thin = Schema.createRecord(event.getSchema().getName(), null, event.getSchema().getNamespace(),
                        false, fields);
                GenericRecord record = new GenericData.Record(thin);
                for (Schema.Field f : thin.getFields()) {
                    record.put(f.name(), event.get(f.name()));
                }
                yield serializer.serialize(h.topic("events-thin"), record);
            }
            case NOT_FINITE -> {
                GenericRecord copy = new GenericData.Record(event.getSchema());
                event.getSchema().getFields().forEach(f -> copy.put(f.pos(), event.get(f.pos())));
                copy.put("amount", Double.NaN);
                yield serializer.serialize(h.topic("events"), copy);
            }
            case NULL_VALUE -> null;
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private static <T> java.util.function.Predicate<T> distinctBy(java.util.function.Function<T, ?> key) {
        Set<Object> seen = new HashSet<>();
        return t -> seen.add(key.apply(t));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

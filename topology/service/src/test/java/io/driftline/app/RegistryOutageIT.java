package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.testing.SharedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes down while the topology runs and comes back: events on a schema the instance has not
 * read yet wait (decoding pauses, as the README promises, for up to {@code ingest.registry.unavailable.max.pause.ms})
 * instead of being dead-lettered; meanwhile {@code /ready} says the partition is stuck; once the registry is back
 * every event is scored exactly once and {@code /ready} is green again.
 */
class RegistryOutageIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPauseWhileTheRegistryIsDownAndScoreEveryEventOnceWhenItIsBack() throws Exception {
        Path file = Files.createTempDirectory(tempRoot, "driftline-registry-outage").resolve("schema-registry.json");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AtomicReference<DevSchemaRegistry> registry = new AtomicReference<>(DevSchemaRegistry.start("localhost", port,
                file));
        try (ServiceHarness h = new ServiceHarness(registry.get())) {
            h.override(DriftlineConfig.HEALTH_STUCK_AFTER_MS, 2_000)
                    .override(DriftlineConfig.REGISTRY_MAX_PAUSE_MS, 120_000)
                    // Longer than the pause: an open transaction must outlive the outage.
                    .override("producer.transaction.timeout.ms", 180_000)
                    .override("max.poll.interval.ms", 300_000);
            DriftlineService service = h.start();
            h.publish(DemoModel.MODEL, DemoModel.train("1", 1, 1_000).toUpdate());
            List<String> ids = new ArrayList<>(h.produce(60));
            assertThat(h.readPredictions(ids.size(), TIMEOUT)).hasSize(ids.size());
            awaitReady(service, true);

            // A schema version the instance has never read, registered (and its id cached by the producer) now.
            Schema evolved = evolved(Transactions.schema());
            Serializer<GenericRecord> serializer = io.driftline.schemas.serde.AvroSerdes.generic(h.registryClient,
                    h.serdeConfig, false).serializer();
            List<GenericRecord> later = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                GenericRecord event = withNote(h.generator.next(System.currentTimeMillis()), evolved);
                later.add(event);
                ids.add(event.get("transactionId").toString());
            }
            List<byte[]> frames = later.stream().map(e -> serializer.serialize(h.topic("events"), e)).toList();

            registry.get().close();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < frames.size(); i++) {
                    producer.send(new ProducerRecord<>(h.topic("events"), later.get(i).get("cardId").toString(),
                            frames.get(i)));
                }
                producer.flush();
            }
            JsonNode unready = awaitReady(service, false);
            assertThat(unready.path("reason").asText()).contains("stuck");

            registry.set(DevSchemaRegistry.start("localhost", port, file));
            List<Prediction> predictions = h.readPredictions(ids.size(), TIMEOUT);
            assertThat(predictions).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(service.metrics().deadLetters().snapshot()).as("nothing dead-lettered for the outage")
                    .isEmpty();
            awaitReady(service, true);
        } finally {
            registry.get().close();
        }
    }

    private static Schema evolved(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("note", SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), "A note",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static GenericRecord withNote(GenericRecord event, Schema evolved) {
        GenericData.Record out = new GenericData.Record(evolved);
        for (Schema.Field f : event.getSchema().getFields()) {
            out.put(f.name(), event.get(f.name()));
        }
        out.put("note", "after the outage");
        return out;
    }

    /** Polls /ready until it says {@code ready}; returns its body. */
    private static JsonNode awaitReady(DriftlineService service, boolean ready) throws Exception {
        URI uri = URI.create("http://localhost:" + service.httpPort() + "/ready");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = JSON.readTree(r.body());
            if (body.path("ready").asBoolean() == ready) {
                assertThat(r.statusCode()).isEqualTo(ready ? 200 : 503);
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/ready never said ready=" + ready + "; last: " + body);
    }
}

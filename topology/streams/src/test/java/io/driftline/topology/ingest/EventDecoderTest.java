package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDecoderTest {

    private static final Schema EVENT = SchemaBuilder.record("E").fields().requiredString("id").requiredDouble("amount").endRecord();

    @Test
    void shouldNameWhyBytesDoNotDecode() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            byte[] good = serialize(registry.url());
            EventDecoder decoder = decoder(registry.url(), Duration.ZERO);

            assertThat(decoder.decode("events", good).get("id").toString()).isEqualTo("x");
            assertCode(decoder, null, DeadLetterCode.NULL_VALUE);
            assertCode(decoder, "plain text".getBytes(), DeadLetterCode.NOT_AVRO);
            assertCode(decoder, new byte[] {0, 0, 0, 0x30, 0x39, 2, 'x'}, DeadLetterCode.UNKNOWN_SCHEMA);
            assertCode(decoder, Arrays.copyOf(good, good.length - 3), DeadLetterCode.MALFORMED_AVRO);
        }
    }

    @Test
    void shouldDeadLetterAfterThePauseWhenTheRegistryStaysDown(@TempDir Path dir) throws Exception {
        byte[] good;
        String url;
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, dir.resolve("r.json"))) {
            good = serialize(registry.url());
            url = registry.url();
        }
        EventDecoder decoder = decoder(url, Duration.ofMillis(300));

        long started = System.nanoTime();
        assertCode(decoder, good, DeadLetterCode.REGISTRY_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        // the pause is spent for this outage: the next record is dead-lettered without pausing again
        started = System.nanoTime();
        assertCode(decoder, good, DeadLetterCode.REGISTRY_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void shouldPauseAndResumeWhenTheRegistryComesBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        byte[] good;
        int port;
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, file)) {
            good = serialize(registry.url());
            port = registry.port();
        }
        EventDecoder decoder = decoder("http://localhost:" + port, Duration.ofSeconds(20));
        CompletableFuture<DevSchemaRegistry> restarted = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1_000);
                return DevSchemaRegistry.start("localhost", port, file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            GenericRecord decoded = decoder.decode("events", good);
            assertThat(decoded.get("amount")).isEqualTo(2.5);
        } finally {
            restarted.get().close();
        }
    }

    private static void assertCode(EventDecoder decoder, byte[] bytes, DeadLetterCode code) {
        assertThatThrownBy(() -> decoder.decode("events", bytes))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static EventDecoder decoder(String url, Duration pause) {
        var client = RestSchemaRegistryClient.create(Map.of(RestSchemaRegistryClient.URL_CONFIG, url,
                RestSchemaRegistryClient.RETRIES_CONFIG, 0));
        return new EventDecoder(AvroSerdes.generic(client, Map.of(), false).deserializer(), pause);
    }

    private static byte[] serialize(String url) {
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("id", "x");
        event.put("amount", 2.5);
        return AvroSerdes.generic(Map.of("schema.registry.url", url), false).serializer().serialize("events", event);
    }
}

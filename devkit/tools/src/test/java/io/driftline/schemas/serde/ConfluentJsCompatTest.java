package io.driftline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.Prediction;
import io.driftline.devkit.registry.DevSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Confluent's own JavaScript Schema Registry client and Avro serdes (npm {@code @confluentinc/schemaregistry})
 * read what Driftline writes, against Driftline's development registry, and write the very same bytes back.
 * Needs Node.js and {@code npm ci --prefix compat/node} (which {@code .ci/run} does); skipped, visibly, without,
 * except in CI, where {@code DRIFTLINE_REQUIRE_EXTERNAL_TOOLS} makes that a failure.
 */
class ConfluentJsCompatTest {

    private static final Path NODE_DIR = Path.of("..", "..", "compat", "node").toAbsolutePath().normalize();

    @Test
    void confluentsJavaScriptSerdesReadAndRewriteOurBytesExactly() throws Exception {
        boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"));
        String missing = "Confluent's JS client is not installed: run `npm ci --prefix compat/node` (.ci/run does)";
        // Read as io.driftline.testing.ExternalTools reads it (that class is in topology's tests): 1/true/yes
        // require the tool, unset, 0/false/no do not.
        String require = System.getenv("DRIFTLINE_REQUIRE_EXTERNAL_TOOLS");
        boolean required = require != null && java.util.Set.of("1", "true", "yes")
                .contains(require.trim().toLowerCase(java.util.Locale.ROOT));
        if (!installed && required) {
            org.junit.jupiter.api.Assertions.fail(missing + "; DRIFTLINE_REQUIRE_EXTERNAL_TOOLS=" + require);
        }
        Assumptions.assumeTrue(installed, missing);
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            Serde<Prediction> serde = AvroSerdes.specific(Prediction.class,
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            Prediction prediction = AvroSerdeTest.prediction();
            byte[] ours = serde.serializer().serialize("predictions", prediction);

            JsonNode answer = runNode(registry.url(), "predictions", HexFormat.of().formatHex(ours));

            JsonNode value = answer.path("value");
            assertThat(value.path("eventId").asText()).isEqualTo("tx-1");
            assertThat(value.path("modelVersion").asText()).isEqualTo("2");
            assertThat(value.path("score").asDouble()).isEqualTo(0.75);
            assertThat(value.path("scores").path("legit").asDouble()).isEqualTo(0.25);
            assertThat(value.path("eventTime").asLong()).isEqualTo(1_700_000_000_000L);
            assertThat(value.toString()).contains("card-7", "fraud");
            assertThat(answer.path("subjects").toString()).isEqualTo("[\"predictions-value\"]");
            assertThat(answer.path("latestId").asInt()).isEqualTo(WireFormat.schemaId(ours));

            byte[] theirs = HexFormat.of().parseHex(answer.path("rewritten").asText());
            assertThat(theirs).isEqualTo(ours);
            assertThat(serde.deserializer().deserialize("predictions", theirs)).isEqualTo(prediction);
        }
    }

    @Test
    void confluentsJavaScriptSerdesReadAndRewriteTheModelAuditTrailExactly() throws Exception {
        boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"));
        String require = System.getenv("DRIFTLINE_REQUIRE_EXTERNAL_TOOLS");
        if (!installed && require != null && java.util.Set.of("1", "true", "yes")
                .contains(require.trim().toLowerCase(java.util.Locale.ROOT))) {
            org.junit.jupiter.api.Assertions.fail("Confluent's JS client is not installed: npm ci --prefix compat/node");
        }
        Assumptions.assumeTrue(installed, "Confluent's JS client is not installed: npm ci --prefix compat/node");
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            Serde<io.driftline.ModelAuditEvent> serde = AvroSerdes.specific(io.driftline.ModelAuditEvent.class,
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            io.driftline.ModelAuditEvent entry = io.driftline.ModelAuditEvent.newBuilder()
                    .setEventId("model-updates/0/7").setModel("fraud").setVersion("2")
                    .setType(io.driftline.ModelAuditType.REJECTED).setRequestedAction("DEPLOY")
                    .setActor("mallory@laptop").setPublishedAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
                    .setDecidedAt(java.time.Instant.ofEpochMilli(1_700_000_000_500L)).setPreviousVersion("1")
                    .setSha256("ab".repeat(32)).setReferenceMetrics(Map.of("auc", 0.91))
                    .setVerdict("rejected: CHECKSUM_MISMATCH").setReason("CHECKSUM_MISMATCH")
                    .setMessage("checksum mismatch").setInstance("42@host").build();
            byte[] ours = serde.serializer().serialize("model-audit", entry);

            JsonNode answer = runNode(registry.url(), "model-audit", HexFormat.of().formatHex(ours));

            JsonNode value = answer.path("value");
            assertThat(value.path("actor").asText()).isEqualTo("mallory@laptop");
            assertThat(value.path("reason").asText()).isEqualTo("CHECKSUM_MISMATCH");
            assertThat(value.path("referenceMetrics").path("auc").asDouble()).isEqualTo(0.91);
            assertThat(HexFormat.of().parseHex(answer.path("rewritten").asText())).isEqualTo(ours);
        }
    }

    private static JsonNode runNode(String url, String topic, String hex) throws Exception {
        Process process = new ProcessBuilder("node", "roundtrip.cjs", url, topic, hex)
                .directory(NODE_DIR.toFile()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("node failed: %s", err).isZero();
        return new ObjectMapper().readTree(out);
    }
}

package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import io.driftline.ModelUpdate;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.score.ModelEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The model audit trail on a real broker: v1 deployed by one publisher, a tampered v2 rejected, v3 as a shadow; the
 * model-audit topic holds the three entries in order, written once each although the instance restarted between
 * them, and {@code driftline model history} and {@code /api/models/fraud/history} print them after the restart.
 */
class ModelAuditIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldKeepEveryLifecycleEventInOrderAcrossARestartAndPrintIt() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
                ServiceHarness h = new ServiceHarness(registry)) {
            h.override(DriftlineConfig.HTTP_AUTH_TOKEN, "audit-token");
            DriftlineService service = h.start();
            ModelUpdate v1 = DemoModel.train("1", 11, 1_000).toUpdate();
            v1.setPublishedBy("alice@ci-runner");
            v1.setTrainingDataStart(java.time.Instant.parse("2026-10-01T00:00:00Z"));
            v1.setTrainingDataEnd(java.time.Instant.parse("2026-11-01T00:00:00Z"));
            h.publish("fraud", v1);
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            ServiceHarness.await("v1's entry", TIMEOUT, () -> trail(h).size() == 1);
            h.stop();

            // The trail is written by the stream task with its input offsets: a new instance writes nothing again.
            DriftlineService restarted = h.start();
            // A second instance of the same application: it judges every bundle too, and says so.
            Map<String, Object> secondProps = new java.util.HashMap<>(h.config().originals());
            secondProps.put(DriftlineConfig.STATE_DIR, Files.createTempDirectory(tempRoot, "driftline-audit-2")
                    .toString());
            DriftlineConfig secondConfig = new DriftlineConfig(secondProps);
            DriftlineService second = new DriftlineService(secondConfig).start();
            ModelUpdate v2 = DemoModel.train("2", 22, 1_000).toUpdate();
            v2.setSha256("0".repeat(64));
            v2.setPublishedBy("mallory@laptop");
            h.publish("fraud", v2);
            ModelUpdate v3 = DemoModel.train("3", 33, 1_000).toUpdate();
            v3.setAction(io.driftline.ModelAction.SHADOW);
            v3.setPublishedBy("bob@ci-runner");
            h.publish("fraud", v3);
            ServiceHarness.await("v2 rejected and v3 shadowing", TIMEOUT, () -> restarted.models().history().stream()
                    .anyMatch(e -> e.kind() == ModelEvent.Kind.DEPLOYED && e.shadow()));
            ServiceHarness.await("three entries", TIMEOUT, () -> trail(h).size() >= 3);
            h.awaitQuiet(TIMEOUT);

            List<ModelAuditEvent> trail = trail(h);
            String v2Entry = trail.get(1).getEventId().toString();
            ServiceHarness.await("both instances' verdicts on v2", TIMEOUT,
                    () -> verdicts(h).getOrDefault(v2Entry, List.of()).size() == 2);
            Map<String, List<ModelAuditEvent>> verdicts = verdicts(h);
            assertThat(verdicts.get(trail.get(1).getEventId().toString())).as("both instances judged v2")
                    .extracting(v -> v.getInstance().toString())
                    .containsExactlyInAnyOrder(h.config().instanceName(), secondConfig.instanceName());
            assertThat(verdicts.get(trail.get(1).getEventId().toString()))
                    .allSatisfy(v -> assertThat(v.getVerdict()).isEqualTo("rejected: CHECKSUM_MISMATCH"));
            second.close();
            assertThat(trail).extracting(ModelAuditEvent::getType).containsExactly(ModelAuditType.DEPLOYED,
                    ModelAuditType.REJECTED, ModelAuditType.SHADOW_DEPLOYED);
            assertThat(trail).extracting(ModelAuditEvent::getActor)
                    .containsExactly("alice@ci-runner", "mallory@laptop", "bob@ci-runner");
            assertThat(trail.get(1).getReason()).isEqualTo("CHECKSUM_MISMATCH");
            assertThat(trail.get(1).getPreviousVersion()).isEqualTo("1");
            assertThat(trail).extracting(ModelAuditEvent::getEventId).doesNotHaveDuplicates();

            StringWriter out = new StringWriter();
            CommandLine cli = DriftlineCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            int exit = cli.execute("model", "history", "--model", "fraud", "--topic", h.topic("model-audit"),
                    "--bootstrap-servers", SharedKafka.bootstrapServers(), "--schema-registry-url", registry.url());
            assertThat(exit).isZero();
            assertThat(out.toString()).containsSubsequence("DEPLOYED", "fraud v1", "by alice@ci-runner", "serving",
                    "trained on 2026-10-01T00:00:00Z..2026-11-01T00:00:00Z",
                    "REJECTED", "fraud v2", "by mallory@laptop", "rejected: CHECKSUM_MISMATCH", "(before: v1)",
                    "SHADOW_DEPLOYED", "fraud v3", "serving as shadow");
            assertThat(out.toString()).as("each instance's own verdict").contains("verdict of "
                    + h.config().instanceName() + ": rejected: CHECKSUM_MISMATCH");

            StringWriter listed = new StringWriter();
            CommandLine list = DriftlineCli.commandLine();
            list.setOut(new PrintWriter(listed, true));
            assertThat(list.execute("model", "list", "--topic", h.topic("model-audit"), "--bootstrap-servers",
                    SharedKafka.bootstrapServers(), "--schema-registry-url", registry.url())).isZero();
            assertThat(listed.toString()).contains("fraud").contains("serving v1 since")
                    .contains("(by alice@ci-runner)").contains("shadow v3").contains("last rejected v2 (CHECKSUM_MISMATCH)");

            URI history = URI.create("http://localhost:" + restarted.httpPort() + "/api/models/fraud/history");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(history).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("without http.auth.token").isEqualTo(401);
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(history)
                    .header("Authorization", "Bearer audit-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            JsonNode entries = new ObjectMapper().readTree(api.body()).path("entries");
            assertThat(entries).hasSize(3);
            assertThat(entries.get(0).path("type").asText()).isEqualTo("DEPLOYED");
            assertThat(entries.get(0).path("sha256").asText()).isEqualTo(v1.getSha256());
            assertThat(entries.get(2).path("version").asText()).isEqualTo("3");
            assertThat(entries.get(1).path("instanceVerdicts").get(0).path("verdict").asText())
                    .isEqualTo("rejected: CHECKSUM_MISMATCH");
        }
    }

    private static Map<String, List<ModelAuditEvent>> verdicts(ServiceHarness h) {
        return AuditTrail.instanceVerdicts(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                h.topic("model-audit-verdicts"),
                AvroSerdes.specific(ModelAuditEvent.class, h.registryClient, h.serdeConfig, false).deserializer(),
                "fraud", Duration.ofSeconds(10));
    }

    private static List<ModelAuditEvent> trail(ServiceHarness h) {
        return AuditTrail.read(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.topic("model-audit"),
                AvroSerdes.specific(ModelAuditEvent.class, h.registryClient, h.serdeConfig, false).deserializer(),
                "fraud", Duration.ofSeconds(10));
    }
}

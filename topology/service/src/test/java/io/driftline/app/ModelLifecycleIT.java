package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelAction;
import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Promotion and rollback on a real broker with events flowing: v1 champion, v2 its shadow; `model promote` makes v2
 * the champion, `model rollback` brings v1 back from the archive of verified bundles (nothing uploaded again); every
 * event has exactly one champion prediction, before, between and after the switches (counted by event id), and the
 * audit trail holds DEPLOYED, SHADOW_DEPLOYED, PROMOTED, ROLLED_BACK with who asked.
 */
class ModelLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldPromoteTheShadowAndRollBackWithNoLostOrDuplicatedPrediction() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
                ServiceHarness h = new ServiceHarness(registry)) {
            DriftlineService service = h.start();
            h.publish("fraud", DemoModel.train("1", 11, 1_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            ModelUpdate v2 = DemoModel.train("2", 22, 1_000).toUpdate();
            v2.setAction(ModelAction.SHADOW);
            v2.setPublishedBy("bob@ml");
            h.publish("fraud", v2);
            ServiceHarness.await("v2 shadowing", TIMEOUT, () -> service.models().serving().stream()
                    .anyMatch(m -> m.version().equals("2")));
            ServiceHarness.await("the archive has v2", TIMEOUT, () -> trail(h).size() >= 2);

            List<String> ids = new ArrayList<>(h.produce(200));
            assertThat(cli(h, "promote", "--model", "fraud", "--version", "2", "--actor", "carol@ops"))
                    .contains("PROMOTED", "fraud v2", "by carol@ops", "(before: v1)");
            ServiceHarness.await("v2 champion", TIMEOUT, () -> "2".equals(service.models().currentVersion("fraud")));
            ids.addAll(h.produce(200));
            assertThat(cli(h, "rollback", "--model", "fraud", "--actor", "dave@ops"))
                    .contains("ROLLED_BACK", "fraud v1", "by dave@ops", "(before: v2)");
            ServiceHarness.await("v1 champion again", TIMEOUT,
                    () -> "1".equals(service.models().currentVersion("fraud")));
            ids.addAll(h.produce(200));

            List<Prediction> predictions = h.readPredictions(ids.size(), TIMEOUT);
            Map<String, Long> champion = predictions.stream().filter(p -> !p.getShadow())
                    .collect(Collectors.groupingBy(p -> p.getEventId().toString(), Collectors.counting()));
            assertThat(champion.keySet()).as("every event scored by the champion").containsAll(ids);
            assertThat(champion.values()).as("once").containsOnly(1L);
            Map<String, Long> byVersion = predictions.stream().filter(p -> !p.getShadow())
                    .collect(Collectors.groupingBy(p -> p.getModelVersion().toString(), Collectors.counting()));
            assertThat(byVersion).containsKeys("1", "2");

            List<ModelAuditEvent> trail = trail(h);
            assertThat(trail).extracting(ModelAuditEvent::getType).containsExactly(ModelAuditType.DEPLOYED,
                    ModelAuditType.SHADOW_DEPLOYED, ModelAuditType.PROMOTED, ModelAuditType.ROLLED_BACK);
            assertThat(trail.get(2).getEvidence()).containsEntry("from", "1").containsEntry("to", "2");
            assertThat(trail.get(3).getActor()).isEqualTo("dave@ops");
            assertThat(cli(h, "list")).contains("serving v1", "(by dave@ops)");
            assertThat(cli(h, "rollback", "--model", "fraud", "--to", "7")).as("a version that never served")
                    .isEmpty();

            // The instance restarts: the story is in the trail, from the topic, in order; v1 serves again at once.
            h.stop();
            DriftlineService restarted = h.start();
            ServiceHarness.await("v1 serving after the restart", TIMEOUT,
                    () -> "1".equals(restarted.models().currentVersion("fraud")));
            assertThat(cli(h, "history", "--model", "fraud", "--topic", h.topic("model-audit")))
                    .containsSubsequence("DEPLOYED", "fraud v1", "SHADOW_DEPLOYED", "fraud v2", "PROMOTED", "fraud v2",
                            "by carol@ops", "ROLLED_BACK", "fraud v1", "by dave@ops");
            assertThat(trail(h)).as("nothing written twice by the restart").hasSize(4);
        }
    }

    private static String cli(ServiceHarness h, String command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DriftlineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("model", command));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--schema-registry-url",
                h.devRegistry.url()));
        if (command.equals("list")) {
            all.addAll(List.of("--topic", h.topic("model-audit")));
        } else if (!command.equals("history")) {
            all.addAll(List.of("--topic-prefix", h.prefix));
        }
        int exit = cli.execute(all.toArray(String[]::new));
        if (exit != 0) {
            assertThat(err.toString()).as("why " + command + " failed").contains("Cannot");
            return "";
        }
        return out.toString();
    }

    private static List<ModelAuditEvent> trail(ServiceHarness h) {
        return AuditTrail.read(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.topic("model-audit"),
                AvroSerdes.specific(ModelAuditEvent.class, h.registryClient, h.serdeConfig, false).deserializer(),
                "fraud", Duration.ofSeconds(10));
    }
}

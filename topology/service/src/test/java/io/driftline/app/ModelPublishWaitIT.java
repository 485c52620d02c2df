package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ManifestJson;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code driftline model publish} against a real broker and a running service: the bundle is verified here before
 * anything is sent, and {@code --wait} reports the instance's verdict (deployed 0, rejected 3, none 4).
 */
class ModelPublishWaitIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What one run of the command printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    @Test
    void shouldWaitForTheInstancesVerdictAndSendNothingThatFailsHere(@TempDir Path dir) throws Exception {
        ModelBundle trained = DemoModel.train("1", 101, 1_000);
        Path onnx = Files.write(dir.resolve("model.onnx"), trained.loadOnnx());
        // --onnx and --manifest carry no reference profile: missing values take the manifest's default.
        ObjectNode plain = (ObjectNode) new ObjectMapper().readTree(ManifestJson.toJson(trained.manifest()));
        plain.withArray("features").forEach(f -> ((ObjectNode) f).put("missing", "DEFAULT"));
        Path manifest = Files.writeString(dir.resolve("manifest.json"), plain.toPrettyString());
        Path instanceModels = Files.createDirectories(dir.resolve("instance-models"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.override("models.dir", instanceModels.toString()).start();
            List<String> common = List.of("model", "publish", "--model", "fraud",
                    "--bootstrap-servers", SharedKafka.bootstrapServers(), "--schema-registry-url", h.devRegistry.url(),
                    "--topic", h.topic("model-updates"), "--alerts-topic", h.topic("alerts"),
                    "--api", "http://localhost:" + service.httpPort(), "--wait", "--wait-timeout", "90s");

            Run deployed = run(common, "--version", "1", "--onnx", onnx.toString(), "--manifest", manifest.toString());
            assertThat(deployed.exit()).as(deployed.toString()).isZero();
            assertThat(deployed.out()).contains("Verified here as an instance will").contains("Deployed: fraud v1")
                    .contains("serving");
            assertThat(service.models().currentVersion("fraud")).isEqualTo("1");

            // Fails here (the manifest names an input the graph lacks): exit 1, and nothing reaches the topic.
            long before = endOffset(h.topic("model-updates"));
            ObjectNode wrongInput = plain.deepCopy();
            wrongInput.put("inputName", "no_such_input");
            Path bad = Files.writeString(dir.resolve("bad-manifest.json"), wrongInput.toString());
            Run invalid = run(common, "--version", "2", "--onnx", onnx.toString(), "--manifest", bad.toString());
            assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
            assertThat(invalid.err()).contains("Not published: fraud v2 fails verification (SHAPE_MISMATCH)")
                    .contains("no_such_input");
            // An external ONNX file outside the models directory: refused here by the instances' own URI policy.
            Run refused = run(common, "--version", "2", "--onnx", onnx.toString(), "--manifest", manifest.toString(),
                    "--inline-limit-bytes", "100", "--external-dir", elsewhere.toString());
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("(URI_NOT_ALLOWED)").contains("nothing read");
            assertThat(endOffset(h.topic("model-updates"))).as("nothing sent").isEqualTo(before);

            // Admitted here (-p models.dir names where it is) but not by the instance: its rejection, exit 3.
            Run rejected = run(common, "--version", "2", "--onnx", onnx.toString(), "--manifest", manifest.toString(),
                    "--inline-limit-bytes", "100", "--external-dir", elsewhere.toString(),
                    "-p", "models.dir=" + elsewhere);
            assertThat(rejected.exit()).as(rejected.toString()).isEqualTo(3);
            assertThat(rejected.out()).contains("Verified here as an instance will");
            assertThat(rejected.err()).contains("Rejected: Bundle fraud v2 rejected (URI_NOT_ALLOWED)")
                    .contains("v1 keeps serving");
            assertThat(service.models().currentVersion("fraud")).isEqualTo("1");

            // The same version published again, inline this time: deployed, though v2's earlier rejection is on the
            // alerts topic (the watch tells the two records apart by offset).
            Run fixed = run(common, "--version", "2", "--onnx", onnx.toString(), "--manifest", manifest.toString());
            assertThat(fixed.exit()).as(fixed.toString()).isZero();
            assertThat(fixed.out()).contains("fraud v2");
            assertThat(service.models().currentVersion("fraud")).isEqualTo("2");

            // No instance running: the wait times out with its own exit code and says why.
            h.stop();
            List<String> noInstance = new ArrayList<>(common);
            noInstance.set(noInstance.indexOf("90s"), "3s");
            noInstance.set(noInstance.indexOf("--api") + 1, "http://localhost:" + freePort());
            Run nobody = run(noInstance, "--version", "3", "--onnx", onnx.toString(), "--manifest", manifest.toString());
            assertThat(nobody.exit()).as(nobody.toString()).isEqualTo(4);
            assertThat(nobody.out()).contains("Published fraud v3");
            assertThat(nobody.err()).contains("Timed out: no verdict on fraud v3").contains("no Driftline instance answered")
                    .contains("Is an instance running");
        }
    }

    private static Run run(List<String> common, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            long sum = 0;
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            for (var p : description.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                sum += admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
            }
            return sum;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

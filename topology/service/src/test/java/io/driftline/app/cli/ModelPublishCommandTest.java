package io.driftline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model publish} in the service jar alone: no dev kit on the class path, as in the Docker image. */
class ModelPublishCommandTest {

    @Test
    void shouldSayThatTheDemoModelNeedsTheDevKitInsteadOfFailingWithAStackTrace() {
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("model", "publish", "--demo", "--version", "2",
                "--bootstrap-servers", "localhost:1", "--schema-registry-url", "http://localhost:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--demo needs the dev kit").contains("--onnx and --manifest")
                .doesNotContain("Exception");
    }

    @Test
    void shouldCheckTheManifestAgainstItsSchemaBeforeAnythingElseAndNameTheField(@TempDir Path dir) throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"features\": [{\"name\": \"amount\","
                + " \"field\": \"amount\"}, {\"name\": \"country\", \"field\": \"country\", \"type\": \"TEXT\"}],"
                + " \"output\": {\"kind\": \"BINARY\", \"colour\": \"red\"}}");
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        // The ONNX file does not exist and no broker listens: the manifest is what fails, first, and nothing is sent.
        int exit = cli.execute("model", "publish", "--version", "2", "--onnx", dir.resolve("absent.onnx").toString(),
                "--manifest", manifest.toString(), "--bootstrap-servers", "localhost:1", "--wait");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("Not published: " + manifest + " does not match the manifest schema")
                .contains("features[1].type: does not have a value in the enumeration [\"NUMERIC\", \"CATEGORICAL\"]")
                .contains("output.colour: ").doesNotContain("absent.onnx").doesNotContain("Exception");
    }

    @Test
    void shouldNotSendABundleThatFailsVerificationHere(@TempDir Path dir) throws Exception {
        Path onnx = Files.write(dir.resolve("model.onnx"), "not an ONNX graph".getBytes(StandardCharsets.UTF_8));
        Path manifest = Files.writeString(dir.resolve("manifest.json"),
                "{\"features\": [{\"name\": \"amount\", \"field\": \"amount\"}], \"output\": {}}");
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        long started = System.nanoTime();
        int exit = cli.execute("model", "publish", "--version", "2", "--onnx", onnx.toString(),
                "--manifest", manifest.toString(), "--bootstrap-servers", "localhost:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Not published: fraud v2 fails verification (ONNX_LOAD_FAILED)");
        // A send to localhost:1 would have waited out the producer's timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldOfferOnlyTheServicesCommands() {
        assertThat(DriftlineCli.commandLine().getSubcommands().keySet()).containsExactlyInAnyOrder("run", "model");
    }
}

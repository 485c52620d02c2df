package io.driftline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    void shouldOfferOnlyTheServicesCommands() {
        assertThat(DriftlineCli.commandLine().getSubcommands().keySet()).containsExactlyInAnyOrder("run", "model");
    }
}

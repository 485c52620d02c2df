package io.driftline.app;

import io.driftline.app.cli.DriftlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the demo's own entry point (broker, registry, service, model, generator) for a while. */
class DemoIT {

    @Test
    void shouldRunTheDemoEndToEndAndSeePredictions() throws Exception {
        Path dataDir = Files.createTempDirectory("driftline-demo-it");
        StringWriter console = new StringWriter();
        CommandLine cli = DriftlineCli.commandLine();
        cli.setOut(new PrintWriter(console, true));
        cli.setErr(new PrintWriter(console, true));

        int exit = cli.execute("demo", "--kafka-port", "0", "--registry-port", "0", "--data-dir", dataDir.toString(),
                "--rate", "100", "--duration", "25s", "--report-every", "3s");

        String out = console.toString();
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("Driftline demo is running").contains("Kafka bootstrap servers")
                .contains("MODEL fraud now serving v1");
        assertThat(out).containsPattern("predictions [1-9][0-9,]* \\(");
        assertThat(out).containsPattern("Stopped\\. [0-9,]+ events sent, [1-9][0-9,]* predictions read");
        assertThat(out).contains("fraud=1");
    }
}

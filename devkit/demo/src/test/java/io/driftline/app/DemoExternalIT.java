package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.cli.DevCli;
import io.driftline.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code driftline demo --external}: the demo on a cluster and registry that are already there. */
class DemoExternalIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    @Test
    void demoAttachesToAnExternalClusterAndRegistry() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            StringWriter console = new StringWriter();
            CommandLine cli = DevCli.commandLine();
            cli.setOut(new PrintWriter(console, true));
            cli.setErr(new PrintWriter(console, true));

            int exit = cli.execute("demo", "--external", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                    "--schema-registry-url", h.devRegistry.url(), "--data-dir",
                    Files.createTempDirectory(tempRoot, "driftline-demo-ext").toString(),
                    "--rate", "100", "--duration", "15s", "--report-every", "3s");

            String out = console.toString();
            assertThat(exit).as(out).isZero();
            assertThat(out).doesNotContain("Starting a single-node KRaft Kafka broker")
                    .contains("Kafka bootstrap servers : " + SharedKafka.bootstrapServers())
                    .contains("Schema Registry         : " + h.devRegistry.url())
                    .contains("MODEL fraud now serving v1")
                    .containsPattern("Stopped\\. [0-9,]+ events sent, [1-9][0-9,]* predictions read");
            assertThat(new HashSet<>(h.registryClient.subjects())).contains("events-value", "predictions-value");
        }
    }
}

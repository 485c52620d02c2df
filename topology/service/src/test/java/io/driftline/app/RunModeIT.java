package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Prediction;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Both ways of attaching to an existing cluster and registry: {@code run} and {@code demo --external}. */
class RunModeIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void runModeScoresEventsFromAnExistingClusterAndRegistry() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            StringWriter console = new StringWriter();
            CommandLine cli = DriftlineCli.commandLine();
            cli.setOut(new PrintWriter(console, true));
            cli.setErr(new PrintWriter(console, true));
            String stateDir = Files.createTempDirectory(tempRoot, "driftline-run-it").toString();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.execute("run",
                    "--bootstrap-servers", SharedKafka.bootstrapServers(),
                    "--schema-registry-url", h.devRegistry.url(),
                    "-p", "topic.prefix=" + h.prefix, "-p", "application.id=" + h.prefix + "run",
                    "-p", "state.dir=" + stateDir,
                    "-p", "commit.interval.ms=100", "--http-port", "0", "--duration", "40s"));

            h.publish("fraud", DemoModel.train("7", 7, 1_000).toUpdate());
            List<String> ids = h.produce(300);
            List<Prediction> predictions = h.readPredictions(300, TIMEOUT);

            assertThat(predictions).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(predictions).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("7"));
            assertThat(run.get(60, TimeUnit.SECONDS)).as(console.toString()).isZero();
            assertThat(console.toString()).contains("[driftline] running: Kafka " + SharedKafka.bootstrapServers())
                    .contains("[driftline] stopped");
        }
    }
}

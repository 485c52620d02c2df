package io.driftline.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.cli.DevCli;
import io.driftline.devkit.payments.DemoModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the demo's own entry point (broker, registry, card profiles, service, model, generator with bad records)
 * for a while, and publishes a second model version with the CLI while it runs, as the README tells a new user
 * to.
 */
class DemoIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    @Test
    void shouldRunTheDemoEndToEndWithProfilesAndBadRecordsAndSwapModelsWhileItRuns() throws Exception {
        Path dataDir = Files.createTempDirectory(tempRoot, "driftline-demo-it");
        StringWriter console = new StringWriter();
        CommandLine demo = DevCli.commandLine();
        demo.setOut(new PrintWriter(console, true));
        demo.setErr(new PrintWriter(console, true));

        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> demo.execute("demo",
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "0", "--data-dir", dataDir.toString(),
                "--rate", "100", "--duration", "60s", "--report-every", "2s", "--bad-fraction", "0.02"));

        String kafka = awaitConsole(console, Pattern.compile("Kafka bootstrap servers : (\\S+)"));
        String registry = awaitConsole(console, Pattern.compile("Schema Registry {9}: (\\S+)"));
        awaitConsole(console, Pattern.compile("by version \\{fraud v1=([1-9][0-9]*), merchant-category v1=[1-9]"));
        StringWriter publishOut = new StringWriter();
        CommandLine publish = DevCli.commandLine();
        publish.setOut(new PrintWriter(publishOut, true));
        publish.setErr(new PrintWriter(publishOut, true));
        int published = publish.execute("model", "publish", "--demo", "--version", "2", "--rows", "2000",
                "--bootstrap-servers", kafka, "--schema-registry-url", registry,
                "--external-dir", dataDir.resolve("models").toString());
        assertThat(published).as(publishOut.toString()).isZero();
        assertThat(publishOut.toString()).contains("Published fraud v2 (DEPLOY)");

        // The second model's files, published again as a user publishes their own model: the command the demo printed.
        String command = awaitConsole(console, Pattern.compile("\\(the same as: \\./driftline (model publish [^)]+)\\)"));
        assertThat(dataDir.resolve("merchant-category")).isDirectoryContaining("glob:**/merchant-category.onnx")
                .isDirectoryContaining("glob:**/manifest.json").isDirectoryContaining("glob:**/training.avro");
        List<String> args = new ArrayList<>(List.of(command.replace("--version 1", "--version 2").split(" ")));
        args.addAll(List.of("--bootstrap-servers", kafka, "--schema-registry-url", registry, "--wait", "--api",
                awaitConsole(console, Pattern.compile("Dashboard {15}: (http://\\S+)/ "))));
        StringWriter userOut = new StringWriter();
        CommandLine user = DevCli.commandLine();
        user.setOut(new PrintWriter(userOut, true));
        user.setErr(new PrintWriter(userOut, true));
        assertThat(user.execute(args.toArray(String[]::new))).as(userOut.toString()).isZero();
        assertThat(userOut.toString()).contains("Reference profile from").contains("Published merchant-category v2");

        int exit = running.get(120, TimeUnit.SECONDS);
        String out = console.toString();
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("Driftline demo is running").contains("MODEL fraud now serving v2 (was v1)")
                .contains("MODEL merchant-category now serving v2 (was v1)");
        assertThat(out).containsPattern("predictions [1-9][0-9,]* \\(");
        assertThat(out).containsPattern("serving \\{fraud=2, merchant-category=2\\} \\| by version \\{fraud v1=[0-9]+,"
                + " fraud v2=[1-9][0-9]*, merchant-category v1=[0-9]+, merchant-category v2=[1-9][0-9]*\\}");
        // Merchant events have their own topic and no card profile; the events topic's misses stay at zero.
        assertThat(out).containsPattern("merchant events [1-9][0-9,]* \\|")
                .contains("predictions to 'merchant-category-predictions'");
        assertThat(out).containsPattern("Stopped\\. [0-9,]+ events sent, [1-9][0-9,]* predictions read");

        assertThat(out).containsPattern("Dashboard {15}: http://localhost:[1-9][0-9]*/")
                .contains("Published 60,000 card profiles to 'entity-profiles'")
                .contains("per-card windows " + DemoModel.AGGREGATES)
                .contains("profile.creditLimit").contains("agg.txn_count_10m")
                .contains("Bad records             : 2% of events");
        // Profiles are published before the service starts: every payment finds its card's profile.
        assertThat(out).containsPattern("profiles joined [1-9][0-9,]*, missing 0 \\| bad records sent [1-9]");
        Matcher dlq = Pattern.compile("\\| dlq \\{([^}]*)\\}").matcher(out);
        String lastDlq = null;
        while (dlq.find()) {
            lastDlq = dlq.group(1);
        }
        assertThat(lastDlq).as("dead letters on the last report of\n%s", out)
                .contains("NOT_AVRO=", "UNKNOWN_SCHEMA=", "MALFORMED_AVRO=", "MISSING_FEATURE=", "NOT_FINITE=", "NULL_VALUE=");
        assertThat(out).containsPattern("bad records sent, dead letters \\{NULL_VALUE=[1-9]");
    }

    private static String awaitConsole(StringWriter console, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(console.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("console never showed " + pattern + ":\n" + console);
    }
}

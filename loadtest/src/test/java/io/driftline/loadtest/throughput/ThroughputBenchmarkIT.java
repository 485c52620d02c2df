package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput benchmark end to end on a small input: every measurement is taken on the real broker and lands in
 * the table (figures only, no speed asserted: speed goals live in the benchmark's own runs, not in tests).
 */
class ThroughputBenchmarkIT {

    @TempDir
    Path dir;

    @Test
    void shouldMeasureEveryFigureAndScoreTheBacklogInBatches() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ThroughputTable table = new ThroughputBenchmark(new ThroughputBenchmark.Settings(6_000, 2, 64,
                Duration.ofSeconds(3), Duration.ofSeconds(2), 200, Duration.ofMillis(300), Duration.ofMinutes(3), dir, 7, 1, 1,
                Map.of("producer.linger.ms", "5"), dir.resolve("samples")),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        Map<String, ThroughputTable.Row> rows = table.rows().stream()
                .collect(Collectors.toMap(ThroughputTable.Row::label, Function.identity()));
        for (String label : List.of("passthrough, steady", "ONNX Runtime alone, batch 1", "ONNX Runtime alone, batch 64",
                "Driftline demo config, steady", "Driftline, drift statistics off, steady",
                "Driftline, at_least_once, steady", "latency produce->visible, p50", "latency produce->visible, p99",
                "latency produce->visible, max")) {
            assertThat(rows).containsKey(label);
            assertThat(rows.get(label).value()).as(label).isPositive().isFinite();
        }
        assertThat(rows.get("passthrough, steady").vsPassthrough()).isEqualTo(1.0);
        assertThat(rows.get("ONNX Runtime alone, batch 64").vsOnnx()).isEqualTo(1.0);
        // A backlog is scored in batches, not one event at a time.
        assertThat(rows.get("Driftline demo config, mean batch").value()).isGreaterThan(4);
        // The pipeline's own scoring time per event, set beside raw ONNX Runtime's.
        assertThat(rows.get("Driftline demo config, scoring per event").value()).isPositive().isFinite();
        assertThat(rows.get("Driftline demo config, scoring per event").vsOnnx()).isPositive();
        // Each split into encoding and the ONNX run, the pipeline's parts set beside raw ONNX Runtime's.
        assertThat(rows.get("ONNX Runtime alone, batch 64").note())
                .matches("encode \\d+\\.\\d\\d \\+ ONNX \\d+\\.\\d\\d us, after warm-up");
        assertThat(rows.get("Driftline demo config, scoring per event").note()).matches(
                "in the pipeline: encode \\d+\\.\\d\\d us \\(\\d+\\.\\dx alone's\\), ONNX \\d+\\.\\d\\d us \\(\\d+\\.\\dx\\)");
        // Every live event the probe sent was seen as a prediction.
        assertThat(rows.get("latency produce->visible, p50").note()).contains("600 of 600 seen");
        // The warm-up's 2 s (one 5 s slice), then the measured 3 s (one more), each slice with its p99.
        assertThat(rows.get("latency, p99 of each 5 s of sending").note()).matches("warm-up \\d+ \\| \\d+");
        assertThat(rows.get("latency, send -> scored, p99 of each slice").note()).matches("warm-up \\d+ \\| \\d+");
        assertThat(rows.get("latency produce->visible, p50").value())
                .isLessThanOrEqualTo(rows.get("latency produce->visible, p99").value());
        // What each run wrote to Kafka per event, by kind: the passthrough its copy, Driftline its predictions and
        // state, the latency run (live traffic) too.
        assertThat(rows.get("passthrough, bytes written per event").value()).isPositive();
        assertThat(rows.get("passthrough, bytes written per event").note()).contains("passthrough-out");
        assertThat(rows.get("Driftline demo config, bytes written per event").value())
                .isGreaterThan(rows.get("passthrough, bytes written per event").value());
        assertThat(rows.get("Driftline demo config, bytes written per event").note()).contains("predictions",
                "changelog");
        assertThat(rows.get("latency run, bytes written per event").note()).contains("predictions");
        // Where each drain's CPU went, per event: the stream thread's own time, and everyone else's.
        for (String label : List.of("passthrough, CPU per event", "Driftline demo config, CPU per event",
                "Driftline, drift statistics off, CPU per event")) {
            assertThat(rows.get(label).value()).as(label).isPositive().isFinite();
            assertThat(rows.get(label).note()).as(label).contains("on CPU", "broker", "machine").doesNotContain("n/a");
        }
        // Where each Driftline drain's stream thread spent its time, by stage, from the run's own samples (a
        // drain this small gives only a few dozen: which stages show is left to StageProfileTest).
        java.util.Set<String> stageNames = new java.util.HashSet<>(List.of(StageProfile.OTHER));
        StageProfile.STAGES.forEach(stage -> stageNames.add(stage.name()));
        for (String label : List.of("Driftline demo config", "Driftline, drift statistics off",
                "Driftline, at_least_once")) {
            ThroughputTable.Row stages = rows.get(label + ", stream thread by stage");
            assertThat(stages.value()).as(label).isPositive();
            // "async-profiler cpu: drift statistics 22%, ...": the sampler, then the shares. On this platform
            // (Linux x64) async-profiler loads, so native code (RocksDB, ONNX Runtime) is in the shares.
            String[] sampled = stages.note().split(": ", 2);
            assertThat(sampled[0]).as(label).isIn(StageProfile.NATIVE_CPU, StageProfile.NATIVE_ITIMER);
            int sum = 0;
            for (String part : sampled[1].split(", ")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+) (\\d+)%").matcher(part);
                assertThat(m.matches()).as(label + ": " + part).isTrue();
                assertThat(stageNames).as(label).contains(m.group(1));
                sum += Integer.parseInt(m.group(2));
            }
            assertThat(sum).as(label + ": " + stages.note()).isBetween(94, 106); // each share rounded
        }
        assertThat(rows.get("Driftline, drift statistics off, stream thread by stage").note())
                .doesNotContain("drift statistics");
        // --profile-dir: each measured drain's samples, collapsed stacks with thread names, the stream thread's among them.
        for (String drain : List.of("Driftline-demo-config", "Driftline-drift-statistics-off", "Driftline-at-least-once")) {
            java.nio.file.Path samples = dir.resolve("samples").resolve(drain + ".collapsed");
            assertThat(samples).as(drain).exists();
            assertThat(java.nio.file.Files.readAllLines(samples)).as(drain)
                    .anyMatch(line -> line.startsWith("[") && line.contains("-StreamThread-") && line.matches(".* \\d+"));
        }
        // Failsafe runs this with -XX:+DebugNonSafepoints, as ./driftline loadtest does (see StageProfile.precise).
        assertThat(table.format()).contains("samples placed exactly (-XX:+DebugNonSafepoints)");
        // Decoding, scoring and keeping statistics cost the stream thread more than copying bytes does.
        assertThat(rows.get("Driftline demo config, CPU per event").value())
                .isGreaterThan(rows.get("passthrough, CPU per event").value());
        // The two parts of the latency, split at the prediction's scoredAt, each at most the whole.
        assertThat(rows.get("latency, send -> scored, p50").note()).startsWith("p50 ");
        assertThat(rows.get("latency, scored -> visible, p50").value()).isPositive()
                .isLessThanOrEqualTo(rows.get("latency produce->visible, max").value() + 1);
        // Kafka Streams' own commit timing of the demo service, read from its registry after the probe.
        assertThat(rows.get("latency run, commit, mean").value()).isPositive().isFinite();
        assertThat(rows.get("latency run, commit, max").value()).isFinite()
                .isGreaterThanOrEqualTo(rows.get("latency run, commit, mean").value());
        // The producer's side of the commit: the broker's round trip and the wait in the producer.
        assertThat(rows.get("latency run, produce request, mean").value()).isPositive().isFinite();
        assertThat(rows.get("latency run, producer queue time, max").value()).isFinite().isNotNegative();
        assertThat(table.format()).contains("{producer.linger.ms=5} on top of the demo configuration");
        assertThat(table.format()).contains("load1 b/a").contains("1 unmeasured warm-up drain(s)");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[bench] warm-up 1 of at most 1 (not measured)");
    }
}

package io.driftline.loadtest.throughput;

import io.driftline.devkit.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline loadtest throughput}: the throughput and latency benchmark; prints its table to stdout. */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "On one embedded broker: pre-produce demo payments, then measure a byte passthrough under the "
                + "same guarantee, ONNX Runtime alone, Driftline in the demo configuration, without drift statistics "
                + "and at least once, then produce-to-visible latency at a fixed rate; one table with every figure, "
                + "its ratio to the passthrough and to raw ONNX, and the load average around each.")
public final class ThroughputCommand implements Callable<Integer> {

    @Option(names = "--events", description = "Demo payments pre-produced (default ${DEFAULT-VALUE}).",
            defaultValue = "500000")
    int events;
    @Option(names = "--partitions", description = "Of every topic (default ${DEFAULT-VALUE}).", defaultValue = "4")
    int partitions;
    @Option(names = "--batch", description = "Rows a model run in the batched ONNX figure (default ${DEFAULT-VALUE},"
            + " score.batch.max.records' default).", defaultValue = "256")
    int batch;
    @Option(names = "--latency", description = "How long the latency probe sends (default ${DEFAULT-VALUE}).",
            defaultValue = "30s")
    Duration latency;
    @Option(names = "--latency-warm-up", description = "How long the probe sends at its rate before measuring, for"
            + " the JIT compiler's work on the live paths (default ${DEFAULT-VALUE}); its latencies show only in the"
            + " table's row by slices.", defaultValue = "15s")
    Duration latencyWarmUp;
    @Option(names = "--latency-rate", description = "Events a second the probe sends (default: 70%% of the demo"
            + " configuration's measured steady rate).", defaultValue = "0")
    double latencyRate;
    @Option(names = "--onnx-time", description = "Warm-up, then measurement, of each ONNX figure (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "3s")
    Duration onnxTime;
    @Option(names = "--drain-timeout", description = "The most one drain may take (default ${DEFAULT-VALUE}).",
            defaultValue = "10m")
    Duration drainTimeout;
    @Option(names = "--stream-threads", description = "Kafka Streams threads (num.stream.threads) of the passthrough"
            + " and of every Driftline run (default ${DEFAULT-VALUE}).", defaultValue = "1")
    int streamThreads;
    @Option(names = "--warm-up", description = "At most this many unmeasured drains of the passthrough and of"
            + " Driftline before the figures, for the JIT compiler: they stop once it took under 25%% of the stream"
            + " thread's CPU in one (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int warmUps;
    @Option(names = "--set", description = "A Driftline setting (KEY=VALUE, repeatable: any service key, or a Kafka"
            + " Streams or client key such as producer.linger.ms) for every Driftline run; the passthrough keeps"
            + " Kafka Streams' defaults.")
    java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
    @Option(names = "--work-dir", description = "Broker, registry and state, kept (default: a new temporary"
            + " folder, deleted once the run completes; kept after a failure).")
    Path workDir;
    @Option(names = "--profile-dir", description = "Writes each measured Driftline drain's samples (async-profiler's"
            + " collapsed stacks of every thread, with thread names, the input of flame graph tools) to this folder,"
            + " one file per drain.")
    Path profileDir;
    @Option(names = "--seed", description = "Of the payments (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Files.createTempDirectory("driftline-throughput");
        System.err.println("[bench] working in " + work);
        ThroughputTable table = new ThroughputBenchmark(new ThroughputBenchmark.Settings(events, partitions, batch,
                latency, latencyWarmUp, latencyRate, onnxTime, drainTimeout, work, seed, streamThreads, warmUps,
                overrides, profileDir), System.err).run();
        System.out.print(table.format());
        // A run leaves about 170 MB of broker data and state; a folder the user named is theirs to keep. After a
        // failure (an exception above) the folder stays, with the broker's log, for a look.
        if (workDir == null) {
            WorkDirs.delete(work);
        }
        return 0;
    }
}

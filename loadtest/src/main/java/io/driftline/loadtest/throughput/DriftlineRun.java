package io.driftline.loadtest.throughput;

import io.driftline.app.DriftlineConfig;
import io.driftline.app.DriftlineService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * One drain of the pre-produced input by an in-process {@link DriftlineService}, with a fresh application id and
 * state directory: it starts from offset 0, restores the profiles' global store and the published models as any
 * new instance would, and is timed from its construction to its first prediction and to its last commit.
 */
final class DriftlineRun {

    /** What to do with the service once it has drained the input, before it is closed (the latency probe). */
    @FunctionalInterface
    interface AfterDrain {
        void accept(DriftlineService service, Throughput drained) throws Exception;
    }

    /**
     * @param meanBatch      mean rows per model run the service reported over the drain ({@code driftline.scoring
     *     .batch.size}); NaN when it reported none
     * @param scoringMicros  the service's own scoring time per event (encoding and the ONNX run)
     * @param onnxMicros     of which in ONNX Runtime
     * @param written        bytes the broker took on during the drain, by kind ({@link LogBytes#since}): those
     *                       of the input topic itself are not Driftline's
     * @param cpu            the CPU spent from the first prediction to the end of the drain
     * @param stages         where the stream threads' time went over the same span, by stage
     */
    record Result(Throughput throughput, double meanBatch, long predictions, double scoringMicros,
                  double onnxMicros, Map<String, Long> written, CpuUse cpu, StageProfile.Result stages) {
    }

    private DriftlineRun() {
    }

    static Result run(Map<String, Object> props, BenchInput input, Admin admin, Duration timeout, long brokerPid,
                      Path samples, AfterDrain after) throws Exception {
        DriftlineConfig config = new DriftlineConfig(props);
        LogBytes before = LogBytes.snapshot(admin);
        long startNanos = System.nanoTime();
        try (DriftlineService service = new DriftlineService(config)) {
            service.start();
            String id = config.applicationId();
            CpuUse[] atFirstOutput = new CpuUse[1];
            StageProfile[] profile = new StageProfile[1];
            Throughput drained;
            try {
                drained = new CommittedProgress(admin, input.partitions(), input.events()).await(id, startNanos,
                        () -> service.scoreMetrics().predictions() > 0, () -> {
                            atFirstOutput[0] = CpuUse.now(id, brokerPid);
                            profile[0] = StageProfile.start(id);
                        }, timeout);
            } catch (Exception | Error e) {
                if (profile[0] != null) {
                    profile[0].close(); // a drain that failed: its recording is not read
                }
                throw e;
            }
            StageProfile.Result stages = profile[0] == null ? new StageProfile.Result(0, Map.of()) : profile[0].stop(samples);
            CpuUse cpu = CpuUse.now(id, brokerPid).since(atFirstOutput[0]);
            Map<String, Long> written = LogBytes.snapshot(admin).since(before, id);
            Result result = new Result(drained, meanBatch(service), service.scoreMetrics().predictions(),
                    service.scoreMetrics().meanScoringMicros(), service.scoreMetrics().meanOnnxMicros(), written, cpu,
                    stages);
            if (after != null) {
                after.accept(service, drained);
            }
            return result;
        }
    }

    /** Copies {@code base} with {@code overrides} on top. */
    static Map<String, Object> with(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new HashMap<>(base);
        out.putAll(overrides);
        return out;
    }

    /**
     * A metric of Kafka Streams or of its clients as the service's registry holds it (Micrometer's
     * {@code KafkaStreamsMetrics} binder, e.g. {@code kafka.stream.thread.commit.latency.max}), the largest over
     * threads and clients; NaN when there is none. Kafka's averages and maxima are windowed: they cover the last 30
     * to 60 s ({@code metrics.sample.window.ms} and {@code metrics.num.samples}' defaults).
     */
    static double kafkaMetric(DriftlineService service, String name) {
        return service.meters().find(name).gauges().stream().mapToDouble(g -> g.value())
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static double meanBatch(DriftlineService service) {
        var summary = service.meters().find("driftline.scoring.batch.size").summary();
        if (summary == null || summary.count() == 0) {
            return Double.NaN;
        }
        return summary.mean();
    }
}

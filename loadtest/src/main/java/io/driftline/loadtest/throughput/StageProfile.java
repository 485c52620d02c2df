package io.driftline.loadtest.throughput;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Driftline run's stream threads spend their time, by stage of the pipeline: the JDK's Flight Recorder
 * samples the threads running Java code every {@link #PERIOD}, and each sample of a stream thread goes to the
 * stage of the innermost frame that names one (see {@link #STAGES}): a prediction's Avro encoding counts as output
 * serialisation though scoring asked for it, a changelog write as the Kafka producer though a state store made it.
 * The benchmark prints the shares beside its figures, so that a run says where the time went without a separate
 * profile.
 *
 * <p>Native code is not in the shares: the ONNX call (its time per row is the <em>scoring per event</em> row's,
 * from the service's own timer) and RocksDB's work behind its Java calls. The Flight Recorder samples at most one
 * thread in native code per period, among every thread waiting in a poll or a lock, so its native samples cannot
 * be set beside the Java ones. Its Java sampler also takes only a few threads per period, so a 10 s drain gives a
 * few hundred samples of the stream thread, each share within a few percent; sampling costs the run under 1%.
 */
final class StageProfile implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(5);

    /**
     * Stages, each with the prefixes of the classes that belong to it: Driftline's by package (each class lives in
     * the package that names its stage), the libraries' by what they do for it. Matched from the innermost frame
     * out; the first frame with any prefix decides.
     */
    static final List<Stage> STAGES = List.of(
            new Stage("ONNX Runtime (its Java side)", "ai.onnxruntime."),
            new Stage("drift statistics", "io.driftline.topology.stats.", "io.driftline.models.drift.",
                    "org.apache.datasketches."),
            new Stage("metrics", "io.micrometer.", "org.HdrHistogram."),
            new Stage("output serialisation", "io.driftline.schemas.serde.AvroSerializer"),
            new Stage("ingest (decoding and the enriched view)", "io.driftline.schemas.serde.AvroDeserializer",
                    "io.driftline.topology.ingest."),
            new Stage("window aggregates", "io.driftline.topology.enrich.window."),
            new Stage("profile join", "io.driftline.topology.enrich.",
                    "org.apache.kafka.streams.kstream.internals.KStreamKTableJoin"),
            new Stage("scoring (features and predictions)", "io.driftline.topology.score.",
                    "io.driftline.models."),
            new Stage("Kafka producer", "org.apache.kafka.clients.producer."),
            new Stage("Kafka consumer", "org.apache.kafka.clients.consumer."),
            new Stage("state stores", "org.apache.kafka.streams.state.", "org.rocksdb.",
                    "io.driftline.topology.state."),
            new Stage("Kafka Streams (forwarding and commits)", "org.apache.kafka.streams."));
    static final String OTHER = "other";

    /** A stage of the pipeline and the class-name prefixes of its frames. */
    record Stage(String name, String... prefixes) {
        boolean owns(String className) {
            for (String prefix : prefixes) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param samples stream-thread samples counted (in Java code)
     * @param shares  per stage, its share of {@code samples} (0-1), largest first; stages without a sample left out
     */
    record Result(int samples, Map<String, Double> shares) {

        /**
         * "scoring (features and predictions) 21%, Kafka producer 14%, ...": every stage of at least half a percent,
         * then the rest as "other" when it is too.
         */
        String note() {
            if (samples == 0) {
                return "no samples";
            }
            List<String> parts = new ArrayList<>();
            double rest = 0;
            for (Map.Entry<String, Double> e : shares.entrySet()) {
                if (e.getValue() >= 0.005 && !e.getKey().equals(OTHER)) {
                    parts.add(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue() * 100));
                } else {
                    rest += e.getValue();
                }
            }
            if (rest >= 0.005) { // else it would print as 0%
                parts.add(String.format(Locale.ROOT, "%s %.0f%%", OTHER, rest * 100));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Whether HotSpot keeps debug information between safepoints (-XX:+DebugNonSafepoints, which {@code ./driftline
     * loadtest} sets). Without it a sample in compiled code is placed at the method's nearest call or safepoint, so
     * a sample inside code inlined from one stage can count in another stage's frame.
     */
    static boolean precise() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("DebugNonSafepoints").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false; // not HotSpot, or a JVM without the flag: the samples' placement is unknown
        }
    }

    private final Recording recording;
    private final String applicationId;

    private StageProfile(String applicationId) {
        this.applicationId = applicationId;
        this.recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(PERIOD).withStackTrace();
        recording.setToDisk(true);
    }

    /** Starts sampling; the stream threads of {@code applicationId} are the ones counted. */
    static StageProfile start(String applicationId) {
        StageProfile profile = new StageProfile(applicationId);
        profile.recording.start();
        return profile;
    }

    /** Stops sampling and counts the samples by stage. */
    Result stop() {
        recording.stop();
        Path file = null;
        try {
            file = Files.createTempFile("driftline-stages", ".jfr");
            recording.dump(file);
            return count(RecordingFile.readAllEvents(file), applicationId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the run's flight recording", e);
        } finally {
            recording.close();
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** Shares by stage of the samples of {@code applicationId}'s stream threads among {@code events}. */
    static Result count(List<RecordedEvent> events, String applicationId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int samples = 0;
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue; // a dump holds the events of every recording running in the JVM
            }
            RecordedThread thread = event.getThread("sampledThread");
            if (thread == null || thread.getJavaName() == null
                    || !CpuUse.isStreamThread(thread.getJavaName(), applicationId)) {
                continue;
            }
            counts.merge(stage(event.getStackTrace()), 1, Integer::sum);
            samples++;
        }
        int total = samples;
        Map<String, Double> shares = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue() / total, (a, b) -> a,
                        LinkedHashMap::new));
        return new Result(samples, shares);
    }

    /** The stage of the innermost frame that names one; {@link #OTHER} when none does. */
    static String stage(RecordedStackTrace stack) {
        if (stack == null) {
            return OTHER;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                continue;
            }
            String className = frame.getMethod().getType().getName();
            for (Stage stage : STAGES) {
                if (stage.owns(className)) {
                    return stage.name();
                }
            }
        }
        return OTHER;
    }

    @Override
    public void close() {
        recording.close();
    }
}

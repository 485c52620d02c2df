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
 * Where a Driftline run's stream threads spend their time, by stage of the pipeline: a sampler takes the stack of
 * the threads on a CPU every {@link #PERIOD} of CPU time, and each sample of a stream thread goes to the stage of
 * the innermost frame that names one (see {@link #STAGES}): a prediction's Avro encoding counts as output
 * serialisation though scoring asked for it, a changelog write as the Kafka producer though a state store made it.
 * The benchmark prints the shares beside its figures, so that a run says where the time went without a separate
 * profile.
 *
 * <p>The sampler is async-profiler (its library from Maven Central, loaded into this JVM), which sees native code
 * too: RocksDB behind its Java calls, ONNX Runtime, the C library and the kernel's work for a system call (a native
 * frame without a stage counts in the stage of the frame that called it). Its {@code cpu} event needs Linux perf
 * events; where they are refused it takes {@code itimer} (the process's CPU-time timer) instead. Where the library
 * cannot load (another platform), the JDK's Flight Recorder samples instead, which sees Java code only: it samples
 * at most one thread in native code per period, among every thread waiting in a poll or a lock, so its native
 * samples cannot be set beside the Java ones. {@link Result#sampler()} says which ran. Why a native profiler: the
 * Flight Recorder's profiles had left out RocksDB's reads of the profiles store and writes of the card windows,
 * 31% of the stream thread's CPU time in the first profile that saw them.
 */
final class StageProfile implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(5);

    /**
     * Stages, each with the prefixes of the classes that belong to it: Driftline's by package (each class lives in
     * the package that names its stage), the libraries' by what they do for it. Matched from the innermost frame
     * out; the first frame with any prefix decides.
     */
    static final List<Stage> STAGES = List.of(
            new Stage("ONNX Runtime", List.of("ai.onnxruntime."), List.of("onnxruntime")),
            new Stage("RocksDB (native and JNI)", List.of("org.rocksdb."), List.of("rocksdb")),
            new Stage("drift statistics", "io.driftline.topology.stats.", "io.driftline.models.drift.",
                    "org.apache.datasketches."),
            new Stage("metrics", "io.micrometer.", "org.HdrHistogram."),
            new Stage("output serialisation", "io.driftline.schemas.serde.AvroSerializer"),
            new Stage("ingest (decoding and the enriched view)", "io.driftline.schemas.serde.AvroDeserializer",
                    "io.driftline.topology.ingest."),
            new Stage("window aggregates", "io.driftline.topology.enrich.window."),
            new Stage("profile join", "io.driftline.topology.enrich.",
                    "org.apache.kafka.streams.kstream.internals.KStreamKTableJoin", "com.github.benmanes.caffeine."),
            new Stage("scoring (features and predictions)", "io.driftline.topology.score.",
                    "io.driftline.models."),
            new Stage("Kafka producer", "org.apache.kafka.clients.producer."),
            new Stage("Kafka consumer", "org.apache.kafka.clients.consumer."),
            new Stage("state stores", "org.apache.kafka.streams.state.", "io.driftline.topology.state."),
            new Stage("Kafka Streams (forwarding and commits)", "org.apache.kafka.streams."));
    static final String OTHER = "other";
    /** {@link Result#sampler()}: async-profiler on CPU time (perf events), Java and native frames. */
    static final String NATIVE_CPU = "async-profiler cpu";
    /** {@link Result#sampler()}: async-profiler on the process's CPU-time timer, Java and native frames. */
    static final String NATIVE_ITIMER = "async-profiler itimer";
    /** {@link Result#sampler()}: the Flight Recorder, Java code only. */
    static final String JAVA_ONLY = "Flight Recorder (Java code only)";
    /** The first frame of a collapsed stack with thread names: {@code [name tid=N]}. */
    private static final java.util.regex.Pattern THREAD_FRAME = java.util.regex.Pattern.compile(
            "\\[(.*?)(?: tid=\\d+)?]");

    /**
     * A stage of the pipeline: the class-name prefixes of its Java frames, and the words (lower case) that mark its
     * native frames (a library's file or a C++ namespace, as async-profiler names them).
     */
    record Stage(String name, List<String> prefixes, List<String> nativeMarks) {

        Stage(String name, String... prefixes) {
            this(name, List.of(prefixes), List.of());
        }

        boolean owns(String className) {
            for (String prefix : prefixes) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        boolean ownsNative(String frame) {
            String lower = frame.toLowerCase(Locale.ROOT);
            for (String mark : nativeMarks) {
                if (lower.contains(mark)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param samples stream-thread samples counted
     * @param shares  per stage, its share of {@code samples} (0-1), largest first; stages without a sample left out
     * @param sampler what took the samples: {@link #NATIVE_CPU}, {@link #NATIVE_ITIMER} or {@link #JAVA_ONLY}
     */
    record Result(int samples, Map<String, Double> shares, String sampler) {

        Result(int samples, Map<String, Double> shares) {
            this(samples, shares, JAVA_ONLY);
        }

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

    private final String applicationId;
    /** The Flight Recorder's recording, or null when async-profiler samples. */
    private final Recording recording;
    /** The async-profiler event that samples ({@link #NATIVE_CPU} or {@link #NATIVE_ITIMER}), or null. */
    private final String nativeSampler;

    private StageProfile(String applicationId, Recording recording, String nativeSampler) {
        this.applicationId = applicationId;
        this.recording = recording;
        this.nativeSampler = nativeSampler;
    }

    /** Starts sampling; the stream threads of {@code applicationId} are the ones counted. */
    static StageProfile start(String applicationId) {
        String sampler = NativeSampler.start();
        return sampler != null ? new StageProfile(applicationId, null, sampler) : startJavaOnly(applicationId);
    }

    /** Starts the Flight Recorder's sampling of Java code (where async-profiler cannot run). */
    static StageProfile startJavaOnly(String applicationId) {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(PERIOD).withStackTrace();
        recording.setToDisk(true);
        recording.start();
        return new StageProfile(applicationId, recording, null);
    }

    /** Stops sampling and counts the samples by stage. */
    Result stop() {
        return stop(null);
    }

    /**
     * Stops sampling and counts the samples by stage; async-profiler's samples of every thread also go to
     * {@code samples} when it is not null (collapsed stacks, a flame graph's input; nothing when the Flight Recorder
     * sampled).
     */
    Result stop(Path samples) {
        if (recording == null) {
            String collapsed = NativeSampler.stop();
            if (samples != null) {
                try {
                    Files.createDirectories(samples.toAbsolutePath().getParent());
                    Files.writeString(samples, collapsed);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write the samples to " + samples, e);
                }
            }
            return countCollapsed(collapsed.lines().toList(), applicationId, nativeSampler);
        }
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
        return result(counts, samples, JAVA_ONLY);
    }

    /**
     * Shares by stage of the samples of {@code applicationId}'s stream threads in async-profiler's collapsed
     * output with thread names: one line per stack, {@code [thread tid=N];outermost;...;innermost count}, Java
     * frames as {@code java/util/HashMap.get}, native ones as the library or the C++ function.
     */
    static Result countCollapsed(List<String> lines, String applicationId, String sampler) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int samples = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0 || !line.startsWith("[")) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String[] frames = line.substring(0, space).split(";");
            java.util.regex.Matcher thread = THREAD_FRAME.matcher(frames[0]);
            if (!thread.matches() || !CpuUse.isStreamThread(thread.group(1), applicationId)) {
                continue;
            }
            String stage = OTHER;
            for (int f = frames.length - 1; f >= 1 && stage.equals(OTHER); f--) {
                stage = stageOfCollapsed(frames[f]);
            }
            counts.merge(stage, n, Integer::sum);
            samples += n;
        }
        return result(counts, samples, sampler);
    }

    /** The stage one collapsed frame names, or {@link #OTHER}. */
    static String stageOfCollapsed(String frame) {
        boolean java = frame.indexOf('/') > 0 && !frame.contains("::") && !frame.endsWith("_[k]");
        if (java) {
            int dot = frame.lastIndexOf('.');
            return stageOfClass((dot > 0 ? frame.substring(0, dot) : frame).replace('/', '.'));
        }
        for (Stage stage : STAGES) {
            if (stage.ownsNative(frame)) {
                return stage.name();
            }
        }
        return OTHER;
    }

    private static Result result(Map<String, Integer> counts, int samples, String sampler) {
        int total = samples;
        Map<String, Double> shares = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue() / total, (a, b) -> a,
                        LinkedHashMap::new));
        return new Result(samples, shares, sampler);
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
            String stage = stageOfClass(frame.getMethod().getType().getName());
            if (!stage.equals(OTHER)) {
                return stage;
            }
        }
        return OTHER;
    }

    /** The stage whose prefixes own a Java class, or {@link #OTHER}. */
    private static String stageOfClass(String className) {
        for (Stage stage : STAGES) {
            if (stage.owns(className)) {
                return stage.name();
            }
        }
        return OTHER;
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        } else {
            NativeSampler.stop();
        }
    }

    /**
     * async-profiler in this JVM: one profile at a time (the benchmark's drains run one after another). Loaded on
     * first use; a platform whose library does not load, or a JVM that refuses it, gets null from {@link #start}.
     */
    static final class NativeSampler {

        private static boolean tried;
        private static one.profiler.AsyncProfiler profiler;

        private NativeSampler() {
        }

        /** Starts sampling every thread's CPU time; the event it samples on, or null when it cannot. */
        static synchronized String start() {
            one.profiler.AsyncProfiler p = profiler();
            if (p == null) {
                return null;
            }
            String interval = "interval=" + PERIOD.toNanos();
            for (String[] event : new String[][] {{"cpu", NATIVE_CPU}, {"itimer", NATIVE_ITIMER}}) {
                try {
                    p.execute("start,event=" + event[0] + "," + interval + ",threads");
                    return event[1];
                } catch (IllegalStateException | IllegalArgumentException | java.io.IOException e) {
                    // perf events refused (a container's seccomp, perf_event_paranoid): the next event, or none
                }
            }
            return null;
        }

        /** Stops sampling; the samples in collapsed form with thread names (empty when nothing ran). */
        static synchronized String stop() {
            one.profiler.AsyncProfiler p = profiler();
            if (p == null) {
                return "";
            }
            try {
                p.execute("stop");
                return p.execute("collapsed");
            } catch (IllegalStateException | IllegalArgumentException | java.io.IOException e) {
                return ""; // not running
            }
        }

        private static one.profiler.AsyncProfiler profiler() {
            if (!tried) {
                tried = true;
                try {
                    profiler = one.profiler.AsyncProfiler.getInstance();
                } catch (RuntimeException | LinkageError e) {
                    profiler = null; // no library for this platform, or it does not load: the Flight Recorder
                }
            }
            return profiler;
        }
    }
}

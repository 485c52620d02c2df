package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The stage profile on real samples, async-profiler's and the Flight Recorder's: threads of its own, busy in code
 * of known stages, native code (RocksDB) included.
 */
class StageProfileTest {

    @Test
    void shouldCountOnlyTheApplicationsStreamThreadsAndTheStageOfTheirInnermostKnownFrame() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        // Busy in DataSketches (the drift statistics' sketches), called from this test's class (no stage).
        Runnable sketching = () -> {
            KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
            long i = 0;
            while (!stop.get()) {
                sketch.update((i++ * 7919) % 10_007); // cheap values: the time is in the sketch
            }
        };
        // Busy in plain Java only: no frame names a stage.
        Runnable spinning = () -> {
            double x = 0;
            while (!stop.get()) {
                x += Math.sqrt(x + 1);
            }
            assertThat(x).isPositive();
        };
        Thread counted = new Thread(sketching, "probe-app-1a2b-StreamThread-1");
        Thread unnamed = new Thread(spinning, "probe-app-1a2b-StreamThread-2");
        // Busy in Micrometer (the metrics stage), on threads that are not the application's stream threads.
        Runnable timing = () -> {
            Timer timer = new SimpleMeterRegistry().timer("probe");
            long i = 0;
            while (!stop.get()) {
                timer.record(i++ % 100, TimeUnit.MILLISECONDS);
            }
        };
        Thread otherApp = new Thread(timing, "other-app-StreamThread-1");
        Thread notStream = new Thread(timing, "probe-app-1a2b-producer");
        StageProfile profile = StageProfile.startJavaOnly("probe-app");
        StageProfile.Result result;
        try {
            for (Thread t : new Thread[] {counted, unnamed, otherApp, notStream}) {
                t.start();
            }
            Thread.sleep(1_500);
        } finally {
            stop.set(true);
            result = profile.stop();
        }
        for (Thread t : new Thread[] {counted, unnamed, otherApp, notStream}) {
            t.join();
        }

        // Two counted threads, busy 1.5 s each, sampled every 10 ms: the Flight Recorder samples a few threads a
        // period, so fewer than 300. Had it counted the two others, the metrics stage would show.
        assertThat(result.samples()).isBetween(20, 400);
        assertThat(result.shares()).containsOnlyKeys("drift statistics", StageProfile.OTHER);
        assertThat(result.shares().get("drift statistics")).isBetween(0.1, 0.9);
        assertThat(result.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.note()).matches("(drift statistics|other) \\d+%, (drift statistics|other) \\d+%");
        assertThat(result.sampler()).isEqualTo(StageProfile.JAVA_ONLY);
    }

    @Test
    void shouldSampleNativeCodeAndCountItInItsStage(@TempDir Path dir) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Busy in RocksDB's native code (memtable inserts and reads behind JNI), as a state store is.
        Runnable storing = () -> {
            RocksDB.loadLibrary();
            try (Options options = new Options().setCreateIfMissing(true);
                 RocksDB db = RocksDB.open(options, dir.resolve("db").toString())) {
                byte[] value = new byte[64];
                long i = 0;
                while (!stop.get()) {
                    byte[] key = Long.toString((i++ * 2_654_435_761L) % 1_000_003).getBytes(StandardCharsets.UTF_8);
                    db.put(key, value);
                    db.get(key);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        Runnable sketching = () -> {
            KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
            long i = 0;
            while (!stop.get()) {
                sketch.update((i++ * 7919) % 10_007);
            }
        };
        Thread rocks = new Thread(storing, "native-app-9f-StreamThread-1");
        Thread drift = new Thread(sketching, "native-app-9f-StreamThread-2");
        Thread elsewhere = new Thread(sketching, "native-app-9f-producer");
        StageProfile profile = StageProfile.start("native-app");
        StageProfile.Result result;
        try {
            for (Thread t : new Thread[] {rocks, drift, elsewhere}) {
                t.start();
            }
            Thread.sleep(2_000);
        } finally {
            stop.set(true);
            result = profile.stop();
        }
        for (Thread t : new Thread[] {rocks, drift, elsewhere}) {
            t.join();
        }

        assertThat(failure.get()).isNull();
        assertThat(result.sampler()).as("async-profiler loads on this platform (Linux x64)")
                .isIn(StageProfile.NATIVE_CPU, StageProfile.NATIVE_ITIMER);
        // Two stream threads busy for 2 s on two cores, one sample per 5 ms of CPU each: up to 800, fewer when the
        // machine is shared; the producer thread's samples are not counted.
        assertThat(result.samples()).isBetween(80, 900);
        assertThat(result.shares()).containsKeys("RocksDB (native and JNI)", "drift statistics");
        assertThat(result.shares().get("RocksDB (native and JNI)")).isBetween(0.2, 0.8);
        assertThat(result.shares().get("drift statistics")).isBetween(0.2, 0.8);
    }

    @Test
    void shouldCountCollapsedStacksOfTheStreamThreadsByInnermostStage() {
        List<String> lines = List.of(
                "[app-1-StreamThread-1 tid=11];java/lang/Thread.run;org/apache/kafka/streams/processor/internals/"
                        + "StreamThread.run;org/rocksdb/RocksDB.get;Java_org_rocksdb_RocksDB_get__J_3BII;"
                        + "rocksdb::DBImpl::Get;__memcmp_evex_movbe 30",
                "[app-1-StreamThread-1 tid=11];java/lang/Thread.run;io/driftline/topology/stats/NumericStats.add;"
                        + "org/apache/datasketches/kll/KllDoublesSketch.update 20",
                "[app-1-StreamThread-1 tid=11];java/lang/Thread.run;org/apache/kafka/clients/consumer/KafkaConsumer.poll;"
                        + "sun/nio/ch/EPoll.wait;epoll_wait;do_syscall_64_[k] 10",
                "[app-1-StreamThread-1 tid=11];java/lang/Thread.run;ai/onnxruntime/OrtSession.run;"
                        + "/tmp/onnxruntime-java1/libonnxruntime.so 15",
                "[app-1-StreamThread-1 tid=11];java/lang/Thread.run;java/util/HashMap.get 5",
                "[app-1-StreamThread-2 tid=12];io/driftline/topology/score/ScoreProcessor.process 20",
                "[app-1-producer tid=13];org/apache/kafka/clients/producer/internals/Sender.run 500",
                "[other-app-StreamThread-1 tid=14];io/micrometer/core/instrument/Timer.record 500",
                "not a stack line");

        StageProfile.Result result = StageProfile.countCollapsed(lines, "app-1", StageProfile.NATIVE_CPU);

        assertThat(result.samples()).isEqualTo(100);
        assertThat(result.shares()).containsExactly(
                org.assertj.core.api.Assertions.entry("RocksDB (native and JNI)", 0.30),
                org.assertj.core.api.Assertions.entry("drift statistics", 0.20),
                org.assertj.core.api.Assertions.entry("scoring (features and predictions)", 0.20),
                org.assertj.core.api.Assertions.entry("ONNX Runtime", 0.15),
                org.assertj.core.api.Assertions.entry("Kafka consumer", 0.10),
                org.assertj.core.api.Assertions.entry(StageProfile.OTHER, 0.05));
        assertThat(result.sampler()).isEqualTo(StageProfile.NATIVE_CPU);
    }

    @Test
    void shouldPrintStagesOfHalfAPercentOrMoreAndTheRestAsOther() {
        var shares = new java.util.LinkedHashMap<String, Double>();
        shares.put("scoring (features and predictions)", 0.6);
        shares.put("metrics", 0.39);
        shares.put("state stores", 0.004);
        shares.put(StageProfile.OTHER, 0.006);
        assertThat(new StageProfile.Result(1_000, shares).note())
                .isEqualTo("scoring (features and predictions) 60%, metrics 39%, other 1%");
        shares.put(StageProfile.OTHER, 0.0);
        shares.put("metrics", 0.396);
        assertThat(new StageProfile.Result(1_000, shares).note()).as("a rest that would print as 0%")
                .isEqualTo("scoring (features and predictions) 60%, metrics 40%");
    }

    @Test
    void shouldNameStagesWithoutTheNotesSeparator() {
        // The row's note is "stage NN%, stage NN%": a stage named with ", " would split in two for its readers.
        assertThat(StageProfile.STAGES).allSatisfy(stage -> assertThat(stage.name()).doesNotContain(", ", "%"));
    }

    @Test
    void shouldTellWhetherSamplesArePlacedBetweenSafepoints() {
        // Surefire runs this module's unit tests without the flag, failsafe (the benchmark's test) with it, as
        // ./driftline loadtest does: either way the answer is the JVM's own.
        boolean flagged = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+DebugNonSafepoints");
        assertThat(StageProfile.precise()).isEqualTo(flagged);
    }

    @Test
    void shouldSaySoWhenNothingWasSampled() {
        assertThat(StageProfile.countCollapsed(List.of(), "app", StageProfile.NATIVE_CPU).note())
                .isEqualTo("no samples");
        assertThat(new StageProfile.Result(0, java.util.Map.of()).note()).isEqualTo("no samples");
    }
}

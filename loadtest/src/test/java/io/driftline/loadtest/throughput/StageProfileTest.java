package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** The stage profile on a real flight recording: threads of its own, busy in code of known stages. */
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
        StageProfile profile = StageProfile.start("probe-app");
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
    void shouldTellWhetherSamplesArePlacedBetweenSafepoints() {
        // Surefire runs this module's unit tests without the flag, failsafe (the benchmark's test) with it, as
        // ./driftline loadtest does: either way the answer is the JVM's own.
        boolean flagged = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+DebugNonSafepoints");
        assertThat(StageProfile.precise()).isEqualTo(flagged);
    }

    @Test
    void shouldSaySoWhenNothingWasSampled() {
        assertThat(new StageProfile.Result(0, java.util.Map.of()).note()).isEqualTo("no samples");
    }
}

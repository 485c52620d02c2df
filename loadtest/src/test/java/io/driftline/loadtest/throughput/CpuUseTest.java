package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void shouldCountAStreamThreadsBusyTimeAndNotAnotherApplications() throws Exception {
        CpuUse before = CpuUse.now("bench-cpu-test", ProcessHandle.current().pid());
        // Threads that ended are gone from the thread bean: both are snapshotted while they spin.
        Thread theirs = spinner("bench-other-1234-StreamThread-1", 700);
        Thread.sleep(300);
        Thread ours = spinner("bench-cpu-test-1234-StreamThread-1", 300);
        Thread.sleep(200);
        CpuUse spent = CpuUse.now("bench-cpu-test", ProcessHandle.current().pid()).since(before);
        ours.join();
        theirs.join();

        // Ours had spun about 200 ms by then, the other application's about 500 ms: not counted.
        assertThat(spent.streamNanos()).isBetween(60_000_000L, 400_000_000L);
        assertThat(spent.jvmNanos()).isGreaterThanOrEqualTo(spent.streamNanos());
        assertThat(spent.brokerNanos()).as("this process stands in for the broker").isGreaterThan(500_000_000L);
        assertThat(spent.machineNanos()).isGreaterThan(0);
        assertThat(spent.note(1_000, 1)).contains("stream thread", "on CPU", "broker", "machine");
    }

    @Test
    void shouldReadARemainderBelowZeroWithinTheTicksOfTheProcThreadsAsAboutNothingAndPastThemAsUnknown() {
        long ms = 1_000_000L;
        // The JVM spent 100 ms: 50 on the stream thread, 10 on the sender, and the two threads read from /proc
        // (a tick each, per snapshot, of rounding) said 45: 5 ms below zero for the rest.
        CpuUse rounded = new CpuUse(1_000 * ms, 50 * ms, 10 * ms, 100 * ms, 0, 0, Map.of("JIT", 45 * ms), 2);
        assertThat(rounded.note(1_000, 1)).contains("JIT 45.0", "rest of the JVM ~0").doesNotContain("n/a");
        // 100 ms below zero is more than four ticks could explain.
        CpuUse wrong = new CpuUse(1_000 * ms, 50 * ms, 10 * ms, 100 * ms, 0, 0, Map.of("JIT", 140 * ms), 2);
        assertThat(wrong.note(1_000, 1)).contains("rest of the JVM n/a");
        CpuUse unknown = new CpuUse(1_000 * ms, 50 * ms, 10 * ms, -1, 0, 0, Map.of(), 0);
        assertThat(unknown.note(1_000, 1)).contains("rest of the JVM n/a");
        CpuUse positive = new CpuUse(1_000 * ms, 50 * ms, 10 * ms, 100 * ms, 0, 0, Map.of("JIT", 30 * ms), 2);
        assertThat(positive.note(1_000, 1)).contains("rest of the JVM 10.0");
    }

    @Test
    void shouldSortHotSpotAndRocksDbThreadsIntoTheirKinds() {
        assertThat(CpuUse.kind("GC Thread#1")).isEqualTo("GC");
        assertThat(CpuUse.kind("G1 Conc#0")).isEqualTo("GC");
        assertThat(CpuUse.kind("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(CpuUse.kind("rocksdb:low")).isEqualTo("RocksDB");
        assertThat(CpuUse.kind("main")).isNull();
    }

    private static Thread spinner(String name, long millis) {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + millis * 1_000_000;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, name);
        t.start();
        return t;
    }
}

package io.driftline.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

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

package io.driftline.loadtest.throughput;

import java.lang.management.ManagementFactory;

/**
 * The machine's 1-minute load average: the benchmark shares a small box with other work, and a figure taken while
 * the load was high says less about Driftline than about its neighbours.
 */
final class LoadAverage {

    private LoadAverage() {
    }

    /** The 1-minute load average now; negative where the platform has none. */
    static double now() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Cores this JVM may use. */
    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}

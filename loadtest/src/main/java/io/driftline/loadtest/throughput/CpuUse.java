package io.driftline.loadtest.throughput;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent so far, by who spent it: one application's stream threads and its producers' sender threads (this
 * JVM, by thread name), this whole JVM, the broker's process, and the whole machine ({@code /proc/stat}, other
 * tenants included). Two snapshots around a drain say where its CPU went per event: whether the stream thread was
 * the limit (busy all the time) or waited, and how much the broker and the rest did for it.
 *
 * @param wallNanos      {@link System#nanoTime()} at the snapshot
 * @param streamNanos    CPU of the application's stream threads ({@code <application id>-...-StreamThread-n})
 * @param senderNanos    CPU of its producers' network threads ({@code kafka-producer-network-thread | <id>...})
 * @param jvmNanos       CPU of this JVM as a whole (GC, JIT compiler, every other thread included)
 * @param brokerNanos    CPU of the broker's process; -1 when unknown
 * @param machineNanos   busy CPU of the whole machine (all cores); -1 when unknown
 * @param jvmKinds       CPU of this JVM's threads outside Java's view, by kind ({@link #kind}: the garbage
 *                       collector's, the JIT compiler's, RocksDB's background flushes and compactions), from
 *                       {@code /proc/self/task}; empty when unknown
 * @param kindThreads    how many threads {@code jvmKinds} summed (the most of the two snapshots for a difference):
 *                       each counts in whole clock ticks, so the sum is good to a tick per thread and snapshot
 */
record CpuUse(long wallNanos, long streamNanos, long senderNanos, long jvmNanos, long brokerNanos,
              long machineNanos, Map<String, Long> jvmKinds, int kindThreads) {

    /** {@code /proc/stat} counts in USER_HZ ticks, 100 a second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuUse now(String applicationId, long brokerPid) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stream = 0;
        long sender = 0;
        String producerPrefix = "kafka-producer-network-thread | " + applicationId;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            String name = info.getThreadName();
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            if (isStreamThread(name, applicationId)) {
                stream += cpu;
            } else if (name.startsWith(producerPrefix)) {
                sender += cpu;
            }
        }
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long broker = ProcessHandle.of(brokerPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
                .orElse(-1L);
        Map<String, Long> kinds = new TreeMap<>();
        int kindThreads = nativeThreads(kinds);
        return new CpuUse(System.nanoTime(), stream, sender, jvm, broker, machineBusyNanos(), kinds, kindThreads);
    }

    /** What was spent from {@code before} to this snapshot (-1 where either side is unknown). */
    CpuUse since(CpuUse before) {
        return new CpuUse(wallNanos - before.wallNanos, streamNanos - before.streamNanos,
                senderNanos - before.senderNanos, minus(jvmNanos, before.jvmNanos),
                minus(brokerNanos, before.brokerNanos), minus(machineNanos, before.machineNanos),
                minusEach(jvmKinds, before.jvmKinds), Math.max(kindThreads, before.kindThreads));
    }

    /** The JIT compiler's CPU over the stream threads'; 0 when either is unknown. */
    double jitShare() {
        return streamNanos <= 0 ? 0 : (double) jvmKinds.getOrDefault("JIT", 0L) / streamNanos;
    }

    /** The stream threads' CPU per event, in microseconds. */
    double streamMicrosPerEvent(long events) {
        return streamNanos / 1e3 / events;
    }

    /**
     * Per event, in microseconds: the stream threads (and the share of the wall time they were on a CPU), their
     * senders, the rest of this JVM, the broker and the machine.
     */
    String note(long events, int streamThreads) {
        long known = jvmKinds.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder kinds = new StringBuilder();
        jvmKinds.forEach((kind, nanos) -> kinds.append(", ").append(kind).append(' ').append(perEvent(nanos, events)));
        return String.format(Locale.ROOT, "stream thread %.1f (on CPU %.0f%% of the time), sender %.1f%s, rest of the"
                        + " JVM %s, broker %s, machine %s", streamNanos / 1e3 / events,
                100.0 * streamNanos / Math.max(1, wallNanos) / Math.max(1, streamThreads), senderNanos / 1e3 / events,
                kinds, restOfJvm(jvmNanos < 0 ? -1 : jvmNanos - streamNanos - senderNanos - known, events),
                perEvent(brokerNanos, events), perEvent(machineNanos, events));
    }

    /**
     * The JVM's CPU that no other part names. The kinds read from {@code /proc} count in whole ticks per thread, so
     * where the rest is small (a short drain), their rounding can exceed it: a remainder below zero by no more than
     * a tick per thread and snapshot is within the measurement's resolution and reads {@code ~0}; past that (or
     * unknown) it reads n/a.
     */
    private String restOfJvm(long nanos, long events) {
        if (jvmNanos >= 0 && nanos < 0 && -nanos <= 2L * kindThreads * NANOS_PER_TICK) {
            return "~0";
        }
        return perEvent(nanos, events);
    }

    /**
     * The kind of a thread Java's thread bean does not see, by its Linux name (15 characters at most): HotSpot
     * names its own threads, RocksDB its background pool's; null for any other thread (Java's included).
     */
    static String kind(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("rocksdb:")) {
            return "RocksDB";
        }
        return null;
    }

    /**
     * This process's threads by {@link #kind}, CPU time summed into {@code out}, from
     * {@code /proc/self/task/<tid>/stat}; returns how many threads were summed (0 when not on Linux).
     */
    private static int nativeThreads(Map<String, Long> out) {
        int threads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String kind = kind(Files.readString(task.resolve("comm")).trim());
                    if (kind == null) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (name) state ...": fields after the name's closing parenthesis; utime and stime are the
                    // 14th and 15th of the line (proc(5)), the 12th and 13th after the name.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.merge(kind, ticks * NANOS_PER_TICK, Long::sum);
                    threads++;
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: its time is lost to both snapshots alike
                }
            }
        } catch (IOException | RuntimeException e) {
            out.clear(); // not Linux
            return 0;
        }
        return threads;
    }

    private static Map<String, Long> minusEach(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((kind, nanos) -> out.put(kind, nanos - before.getOrDefault(kind, 0L)));
        return out;
    }

    private static String perEvent(long nanos, long events) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", nanos / 1e3 / events);
    }

    private static long minus(long a, long b) {
        return a < 0 || b < 0 ? -1 : a - b;
    }

    /** The first line of {@code /proc/stat}: every core's time, less idle and I/O wait. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: the note says n/a
        }
    }

    /** Whether {@code threadName} is one of {@code applicationId}'s Kafka Streams threads. */
    static boolean isStreamThread(String threadName, String applicationId) {
        return threadName.startsWith(applicationId) && threadName.contains("-StreamThread-");
    }
}

package io.driftline.topology.score;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Percentiles of a per-event latency over the last minute or so: an HdrHistogram {@link Recorder} that any thread
 * records into without a lock, read as three 20 s slices (the newest one still filling), so that the figures cover
 * the last 40-60 s, as a Micrometer timer's {@code distributionStatisticExpiry} of one minute with its three buffers
 * does.
 *
 * <p>Why not Micrometer's client-side percentiles: a timer that publishes them records each value into every one of
 * its three rotating bucket histograms (a binary search and an atomic increment in each), 3.3% of the stream
 * thread in the throughput benchmark's profile for the two per-event latencies; a {@code Recorder} takes one array
 * increment. The timers keep their Prometheus histogram buckets, which dashboards aggregate across instances.
 *
 * <p>Values are milliseconds, 2 significant digits (1% precision), clamped to {@value #HIGHEST_MS} ms (a week: a
 * backlog of old events still counts, at the top).
 */
final class RecentPercentiles {

    static final long HIGHEST_MS = 7L * 24 * 3600 * 1000;
    static final long SLICE_MS = 20_000;
    private static final int SLICES = 3;

    private final LongSupplier wallMs;
    private final Recorder recorder = new Recorder(HIGHEST_MS, 2);
    /** The next time (ms) a recording thread closes the current slice; volatile: read on every record. */
    private volatile long rotateAt;
    // Guarded by this:
    private final ArrayDeque<Slice> closed = new ArrayDeque<>();
    private Histogram current = new Histogram(HIGHEST_MS, 2);
    private long currentStart;
    private Histogram recycled;

    private record Slice(long start, Histogram counts) {
    }

    /** @param wallMs the wall clock, milliseconds, that slices the recordings */
    RecentPercentiles(LongSupplier wallMs) {
        this.wallMs = wallMs;
    }

    /** A latency of {@code valueMs}. */
    void record(long valueMs) {
        long now = wallMs.getAsLong();
        if (now >= rotateAt) {
            rotate(now); // first: what the recorder holds belongs to the slice being closed
        }
        recorder.recordValue(Math.max(0, Math.min(valueMs, HIGHEST_MS)));
    }

    /**
     * The values at {@code percentiles} (fractions, such as 0.99) of what was recorded in the last 40-60 s,
     * milliseconds; 0 each when nothing was.
     */
    synchronized Map<Double, Double> percentiles(double... percentiles) {
        rotate(wallMs.getAsLong());
        Histogram all = current.copy();
        for (Slice s : closed) {
            all.add(s.counts());
        }
        Map<Double, Double> out = new TreeMap<>();
        for (double p : percentiles) {
            out.put(p, all.getTotalCount() == 0 ? 0.0 : (double) all.getValueAtPercentile(p * 100));
        }
        return out;
    }

    /** Values recorded in the last 40-60 s. */
    synchronized long count() {
        rotate(wallMs.getAsLong());
        long n = current.getTotalCount();
        for (Slice s : closed) {
            n += s.counts().getTotalCount();
        }
        return n;
    }

    /** Moves what writers recorded into the current slice, closing it (and dropping expired ones) when it is due. */
    private synchronized void rotate(long nowMs) {
        recycled = recorder.getIntervalHistogram(recycled);
        current.add(recycled);
        if (rotateAt == 0) { // the first call: the slice starts now
            currentStart = nowMs;
        } else if (nowMs >= currentStart + SLICE_MS) {
            closed.addLast(new Slice(currentStart, current));
            current = new Histogram(HIGHEST_MS, 2);
            currentStart = nowMs;
        }
        while (!closed.isEmpty() && closed.peekFirst().start() < nowMs - SLICES * SLICE_MS) {
            closed.removeFirst();
        }
        while (closed.size() > SLICES - 1) {
            closed.removeFirst();
        }
        rotateAt = currentStart + SLICE_MS;
    }
}

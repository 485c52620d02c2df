package io.driftline.topology.stats;

import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.WindowFeature;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A numeric feature (or the score) over a window: counts on the reference's buckets (its bins, then out of range,
 * as {@link io.driftline.models.drift.ReferenceFeature#bucket} numbers them), a KLL sketch ({@link KllSketches#K}),
 * the missing count, and count, mean and sum of squared deviations kept with Welford's update, merged with Chan's
 * formula (both stable where a naive sum of squares cancels). Not thread-safe: one stream thread owns it.
 *
 * <p>Values reach the sketch {@value #PENDING} at a time, through DataSketches' array update: between two events
 * the stream thread touches a task's worth of other state, so a sketch updated one value per event starts each
 * update from cold cache lines, where an array update fills the sketch's lowest level in one pass (in a loop that
 * interleaves nine sketches with unrelated memory traffic, 420 instead of 510 ns per event). The sketch is what
 * value-by-value updates give it (the same values in the same order; compaction flips its coins either way), and
 * every read of it ({@link #sketch()}, {@link #merge}, {@link #toWindowFeature()}) first hands it what is pending.
 */
final class NumericStats implements FeatureStats {

    /** Values seen and not yet in the sketch, at most this many. */
    static final int PENDING = 256;

    private final String name;
    private final long[] buckets;
    private final KllDoublesSketch sketch;
    /** Values not in {@link #sketch} yet, in arrival order: the first {@link #pendingCount}; allocated at the first. */
    private double[] pending;
    private int pendingCount;
    private long count;
    private long missing;
    private double mean;
    private double m2;

    /** Empty statistics with {@code bucketCount} buckets (the reference's bins plus out of range). */
    NumericStats(String name, int bucketCount) {
        this(name, new long[bucketCount], KllSketches.newSketch(), 0, 0, 0, 0);
    }

    NumericStats(String name, long[] buckets, KllDoublesSketch sketch, long count, long missing, double mean,
            double m2) {
        this.name = name;
        this.buckets = buckets;
        this.sketch = sketch;
        this.count = count;
        this.missing = missing;
        this.mean = mean;
        this.m2 = m2;
    }

    @Override
    public NumericStats emptyCopy() {
        return new NumericStats(name, buckets.length);
    }

    /** A present value, in reference bucket {@code bucket}. */
    void add(double value, int bucket) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        if (pending == null) {
            pending = new double[PENDING];
        }
        pending[pendingCount++] = value;
        if (pendingCount == PENDING) {
            flushPending();
        }
        buckets[bucket]++;
    }

    private void flushPending() {
        if (pendingCount > 0) {
            sketch.update(pending, 0, pendingCount);
            pendingCount = 0;
        }
    }

    void addMissing() {
        missing++;
    }

    @Override
    public void merge(FeatureStats other) {
        NumericStats o = (NumericStats) other;
        if (o.buckets.length != buckets.length) {
            throw new IllegalArgumentException(name + ": cannot merge " + o.buckets.length + " buckets into "
                    + buckets.length);
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += o.buckets[i];
        }
        flushPending();
        o.flushPending();
        sketch.merge(o.sketch);
        long total = count + o.count;
        if (total > 0) {
            double delta = o.mean - mean;
            m2 += o.m2 + delta * delta * ((double) count * o.count / total);
            mean += delta * o.count / total;
        }
        count = total;
        missing += o.missing;
    }

    @Override
    public WindowFeature toWindowFeature() {
        flushPending();
        return WindowFeature.numeric(name, count, missing, buckets, sketch, mean(), variance());
    }

    @Override
    public String name() {
        return name;
    }

    long count() {
        return count;
    }

    long missing() {
        return missing;
    }

    /** Mean of the present values; NaN when there are none. */
    double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Population variance of the present values (the reference profile's convention); NaN when there are none. */
    double variance() {
        return count == 0 ? Double.NaN : m2 / count;
    }

    double m2() {
        return m2;
    }

    long[] buckets() {
        return buckets.clone();
    }

    /** The sketch itself, for serialisation; do not update it. */
    KllDoublesSketch sketch() {
        flushPending();
        return sketch;
    }
}

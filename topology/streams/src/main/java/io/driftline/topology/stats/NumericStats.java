package io.driftline.topology.stats;

import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.WindowFeature;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A numeric feature (or the score) over a window: counts on the reference's buckets (its bins, then out of range,
 * as {@link io.driftline.models.drift.ReferenceFeature#bucket} numbers them), a KLL sketch ({@link KllSketches#K}),
 * the missing count, and count, mean and sum of squared deviations kept with Welford's update, merged with Chan's
 * formula (both stable where a naive sum of squares cancels). Not thread-safe: one stream thread owns it.
 */
final class NumericStats implements FeatureStats {

    private final String name;
    private final long[] buckets;
    private final KllDoublesSketch sketch;
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
        sketch.update(value);
        buckets[bucket]++;
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
        return sketch;
    }
}

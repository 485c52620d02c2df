package io.driftline.models.drift;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * What one feature (or the score) looked like in the training data: the reference side of the drift tests. A plain
 * value, independent of the Avro {@code FeatureProfile} ({@link AvroDrift#reference} converts). Immutable but for
 * the sketch, which the drift tests only read.
 *
 * <p>Numeric features carry quantile bins in the {@link Bins} convention and add one bucket of their own: a window
 * value outside the reference's {@code [min, max]} (or not finite) goes to the out-of-range bucket, the last one
 * ({@link #bucket}), whose reference fraction is 0. The window side must count with {@link #bucket} too.
 */
public final class ReferenceFeature {

    private final String name;
    private final FeatureKind kind;
    private final double[] binEdges;
    private final double[] binFractions;
    private final double min;
    private final double max;
    private final KllDoublesSketch sketch;
    private final Map<String, Double> categoryFrequencies;
    private final double missingFraction;
    private final double stddev;
    private final long sampleSize;

    private ReferenceFeature(String name, FeatureKind kind, double[] binEdges, double[] binFractions, double min,
            double max, KllDoublesSketch sketch, Map<String, Double> categoryFrequencies, double missingFraction,
            double stddev, long sampleSize) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("feature name must not be blank: '" + name + "'");
        }
        if (!(missingFraction >= 0 && missingFraction <= 1)) {
            throw new IllegalArgumentException(name + ": missing fraction must be in [0, 1]: " + missingFraction);
        }
        if (sampleSize < 0) {
            throw new IllegalArgumentException(name + ": sample size must be >= 0: " + sampleSize);
        }
        this.name = name;
        this.kind = kind;
        this.binEdges = binEdges.clone();
        this.binFractions = binFractions.clone();
        this.min = min;
        this.max = max;
        this.sketch = sketch;
        this.categoryFrequencies = Collections.unmodifiableMap(new LinkedHashMap<>(categoryFrequencies));
        this.missingFraction = missingFraction;
        this.stddev = stddev;
        this.sampleSize = sampleSize;
    }

    /**
     * A numeric reference.
     *
     * @param binEdges interior edges, strictly ascending ({@link Bins}); empty with no fractions when the reference
     *     held no values
     * @param binFractions the reference fraction in each of the {@code binEdges.length + 1} bins
     * @param min smallest reference value
     * @param max largest reference value
     * @param sketch KLL sketch of the reference values, or null when the profile has none (no KS, no Wasserstein)
     * @param missingFraction fraction of reference rows without a value
     * @param stddev population standard deviation of the reference values (Wasserstein's unit)
     * @param sampleSize reference rows, missing ones included (the missing-rate test's sample size)
     */
    public static ReferenceFeature numeric(String name, double[] binEdges, double[] binFractions, double min,
            double max, KllDoublesSketch sketch, double missingFraction, double stddev, long sampleSize) {
        if (binFractions.length != 0 && binFractions.length != binEdges.length + 1) {
            throw new IllegalArgumentException(name + ": " + binEdges.length + " edges need "
                    + (binEdges.length + 1) + " bin fractions: " + binFractions.length);
        }
        for (int i = 1; i < binEdges.length; i++) {
            if (!(binEdges[i] > binEdges[i - 1])) {
                throw new IllegalArgumentException(name + ": bin edges must ascend strictly: " + binEdges[i - 1]
                        + " then " + binEdges[i]);
            }
        }
        return new ReferenceFeature(name, FeatureKind.NUMERIC, binEdges, binFractions, min, max, sketch, Map.of(),
                missingFraction, stddev, sampleSize);
    }

    /** A categorical reference: the fraction of present reference values per category (the unseen bucket too). */
    public static ReferenceFeature categorical(String name, Map<String, Double> categoryFrequencies,
            double missingFraction, long sampleSize) {
        return new ReferenceFeature(name, FeatureKind.CATEGORICAL, new double[0], new double[0], 0, 0, null,
                categoryFrequencies, missingFraction, 0, sampleSize);
    }

    /** The window bucket of a numeric value: its reference bin, or {@link #outOfRangeBucket()}. */
    public int bucket(double value) {
        if (!(value >= min && value <= max)) {
            return outOfRangeBucket();
        }
        return Bins.index(binEdges, value);
    }

    /** Buckets a window counts into: the reference bins plus the out-of-range bucket. */
    public int bucketCount() {
        return binEdges.length + 2;
    }

    /** The last bucket: values outside the reference's [min, max]. */
    public int outOfRangeBucket() {
        return binEdges.length + 1;
    }

    /** The reference fraction of each window bucket: the bin fractions, then 0 for out of range. */
    public double[] bucketFractions() {
        return Arrays.copyOf(binFractions, binFractions.length + 1);
    }

    /** True when a numeric reference held values, so that its bins can be compared with. */
    public boolean hasBins() {
        return binFractions.length > 0;
    }

    public String name() {
        return name;
    }

    public FeatureKind kind() {
        return kind;
    }

    public double[] binEdges() {
        return binEdges.clone();
    }

    public double[] binFractions() {
        return binFractions.clone();
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The reference sketch, or null; do not update it. */
    public KllDoublesSketch sketch() {
        return sketch;
    }

    public Map<String, Double> categoryFrequencies() {
        return categoryFrequencies;
    }

    public double missingFraction() {
        return missingFraction;
    }

    public double stddev() {
        return stddev;
    }

    public long sampleSize() {
        return sampleSize;
    }

    @Override
    public String toString() {
        return "ReferenceFeature[" + name + ", " + kind + ", " + sampleSize + " rows]";
    }
}

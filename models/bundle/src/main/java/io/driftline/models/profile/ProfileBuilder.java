package io.driftline.models.profile;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.Bins;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Builds a {@link ReferenceProfile} from encoded training rows (as {@code FeatureEncoder} makes them) and the
 * model's scores on them.
 *
 * <p>Numeric features and the score get quantile bins (see {@link Bins}), mean, population standard deviation,
 * min and max; categorical features get the fraction of each vocabulary entry (zero included), plus {@link #UNSEEN} for values
 * outside it. A NaN in a row marks a missing value: it counts towards {@code missingFraction} and nowhere else,
 * and fractions are over the values present. With {@link #withSketches()}, numeric features and the score also get a
 * serialized DataSketches KLL double sketch ({@link #SKETCH_K}) of their present values, for the KS and Wasserstein
 * drift tests.
 *
 * <p>Memory is bounded, so that a reference file of any length can stream through: each numeric column keeps its
 * present values, and gets exact quantile bins and two-pass moments, up to {@link #exactValues(int)} of them
 * ({@value #DEFAULT_EXACT_VALUES} by default); past that it keeps only a KLL sketch, running moments and min/max, and
 * its bins come from the sketch (edges within the sketch's rank error, about 0.68% at 99% confidence). Categorical
 * columns keep one count per category.
 */
public final class ProfileBuilder {

    /** Category key for values outside the vocabulary (encoded as the vocabulary size). */
    public static final String UNSEEN = io.driftline.models.drift.CategoryBuckets.UNSEEN;
    /** Profile name of the prediction score. */
    public static final String SCORE = "score";
    /** Deciles. */
    public static final int DEFAULT_BINS = 10;
    /** KLL sketch size: about 0.68% single-rank error (99% confidence), about 6 KiB per sketch. */
    public static final int SKETCH_K = io.driftline.models.drift.KllSketches.K;
    /** Present values a numeric column keeps for exact bins before it falls back to its sketch: 800 KB a column. */
    public static final int DEFAULT_EXACT_VALUES = 100_000;

    private final List<FeatureSpec> features;
    private final Column[] columns;
    private final NumericColumn scores;
    private long rows;
    private int bins = DEFAULT_BINS;
    private boolean sketches;
    private final Map<String, Double> performance = new LinkedHashMap<>();

    /** A builder for the manifest's features. */
    public ProfileBuilder(ModelManifest manifest) {
        this.features = List.copyOf(manifest.getFeatures());
        this.columns = new Column[features.size()];
        for (int f = 0; f < columns.length; f++) {
            FeatureSpec spec = features.get(f);
            columns[f] = spec.getType() == FeatureType.CATEGORICAL
                    ? new CategoricalColumn(spec.getVocabulary()) : new NumericColumn();
        }
        this.scores = new NumericColumn();
    }

    /** Number of quantile bins for numeric values (default 10). */
    public ProfileBuilder bins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1: " + bins);
        }
        this.bins = bins;
        return this;
    }

    /**
     * Present values a numeric column keeps for exact bins and moments (default {@value #DEFAULT_EXACT_VALUES});
     * past it, bins come from the column's KLL sketch. Set before the first row.
     */
    public ProfileBuilder exactValues(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("exact values must be >= 1: " + limit);
        }
        for (Column column : columns) {
            if (column instanceof NumericColumn numeric) {
                numeric.limit = limit;
            }
        }
        scores.limit = limit;
        return this;
    }

    /**
     * Also fill the KLL sketch of numeric features and the score. Off by default: KLL compaction flips coins from an
     * unseeded source inside DataSketches, so profiles with sketches of more than {@link #SKETCH_K} values differ
     * in their sketch bytes from build to build.
     */
    public ProfileBuilder withSketches() {
        this.sketches = true;
        return this;
    }

    /**
     * Records the model's performance on held-out labelled data (metric names as
     * {@link io.driftline.models.drift.PerformanceTests} has them), the baseline for windows of labelled predictions.
     */
    public ProfileBuilder performance(Map<String, Double> metrics) {
        performance.putAll(metrics);
        return this;
    }

    /** Adds one encoded row, in manifest order; NaN marks a missing value. */
    public ProfileBuilder add(double[] row) {
        if (row.length != features.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, the manifest " + features.size());
        }
        for (int f = 0; f < columns.length; f++) {
            columns[f].add(row[f]);
        }
        rows++;
        return this;
    }

    /** Adds the model's score on one training row. */
    public ProfileBuilder addScore(double score) {
        scores.add(score);
        return this;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** The profile: one entry per feature in manifest order, and the score's when scores were added. */
    public ReferenceProfile build() {
        List<FeatureProfile> profiles = new ArrayList<>(features.size());
        for (int f = 0; f < features.size(); f++) {
            FeatureSpec spec = features.get(f);
            profiles.add(columns[f] instanceof CategoricalColumn categorical
                    ? categorical.profile(spec.getName(), spec.getVocabulary(), rows)
                    : ((NumericColumn) columns[f]).profile(spec.getName(), rows, bins, sketches));
        }
        FeatureProfile prediction = scores.count == 0 ? null : scores.profile(SCORE, scores.count, bins, sketches);
        return ReferenceProfile.newBuilder().setSampleSize(rows).setFeatures(profiles)
                .setPrediction(prediction).setPerformance(new LinkedHashMap<>(performance)).build();
    }

    private abstract static class Column {
        abstract void add(double value);
    }

    /** A numeric column: its present values while they are few enough, then a sketch and running moments. */
    private static final class NumericColumn extends Column {
        int limit = DEFAULT_EXACT_VALUES;
        long count; // values added, missing ones included
        private double[] values = new double[64];
        private int size;
        private KllDoublesSketch sketch; // non-null once the values no longer fit
        private long present;
        private double mean;
        private double m2;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        @Override
        void add(double value) {
            count++;
            if (Double.isNaN(value)) {
                return;
            }
            if (sketch != null) {
                stream(value);
                return;
            }
            if (size == limit) { // one value too many for exact bins: from now on the sketch
                spill();
                stream(value);
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(2L * size, limit));
            }
            values[size++] = value;
        }

        private void spill() {
            sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
            for (int i = 0; i < size; i++) {
                stream(values[i]);
            }
            values = null;
            size = 0;
        }

        private void stream(double value) {
            sketch.update(value);
            present++;
            double delta = value - mean; // Welford: stable running mean and variance
            mean += delta / present;
            m2 += delta * (value - mean);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        FeatureProfile profile(String name, long total, int bins, boolean withSketch) {
            long presentCount = sketch != null ? present : size;
            FeatureProfile.Builder profile = FeatureProfile.newBuilder().setName(name).setType(FeatureType.NUMERIC)
                    .setMissingFraction(total == 0 ? 0 : (double) (total - presentCount) / total);
            if (presentCount == 0) {
                return profile.build();
            }
            return sketch != null ? fromSketch(profile, bins, withSketch) : exact(profile, bins, withSketch);
        }

        private FeatureProfile exact(FeatureProfile.Builder profile, int bins, boolean withSketch) {
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            double avg = Arrays.stream(sorted).average().orElse(0);
            double variance = Arrays.stream(sorted).map(v -> (v - avg) * (v - avg)).sum() / sorted.length;
            double[] edges = Bins.quantileEdges(sorted, bins);
            if (withSketch) {
                KllDoublesSketch all = KllDoublesSketch.newHeapInstance(SKETCH_K);
                for (double value : sorted) {
                    all.update(value);
                }
                profile.setKllSketch(ByteBuffer.wrap(all.toByteArray()));
            }
            return profile.setMean(avg).setStddev(Math.sqrt(variance))
                    .setMin(sorted[0]).setMax(sorted[sorted.length - 1])
                    .setBinEdges(boxed(edges)).setBinFractions(boxed(Bins.fractions(edges, sorted)))
                    .build();
        }

        /** Bins as {@link Bins#quantileEdges} makes them, read off the sketch; fractions from its CDF. */
        private FeatureProfile fromSketch(FeatureProfile.Builder profile, int bins, boolean withSketch) {
            double[] edges = new double[bins - 1];
            int k = 0;
            for (int b = 1; b < bins; b++) {
                double edge = sketch.getQuantile((double) b / bins, QuantileSearchCriteria.EXCLUSIVE);
                if (edge > min && (k == 0 || edge > edges[k - 1])) {
                    edges[k++] = edge;
                }
            }
            edges = Arrays.copyOf(edges, k);
            double[] fractions = new double[k + 1];
            if (k == 0) {
                fractions[0] = 1;
            } else {
                double[] cdf = sketch.getCDF(edges, QuantileSearchCriteria.EXCLUSIVE); // share below each edge
                double below = 0;
                for (int i = 0; i <= k; i++) {
                    fractions[i] = cdf[i] - below;
                    below = cdf[i];
                }
            }
            if (withSketch) {
                profile.setKllSketch(ByteBuffer.wrap(sketch.toByteArray()));
            }
            return profile.setMean(mean).setStddev(Math.sqrt(m2 / present)).setMin(min).setMax(max)
                    .setBinEdges(boxed(edges)).setBinFractions(boxed(fractions)).build();
        }
    }

    /** A categorical column: one count per vocabulary index, one for unseen values, and the missing ones. */
    private static final class CategoricalColumn extends Column {
        private final long[] counts;
        private long present;

        CategoricalColumn(List<String> vocabulary) {
            this.counts = new long[vocabulary.size() + 1];
        }

        @Override
        void add(double value) {
            if (Double.isNaN(value)) {
                return;
            }
            int index = (int) value;
            counts[index >= 0 && index < counts.length - 1 ? index : counts.length - 1]++;
            present++;
        }

        FeatureProfile profile(String name, List<String> vocabulary, long total) {
            Map<String, Double> frequencies = new LinkedHashMap<>();
            double denominator = Math.max(present, 1);
            for (int i = 0; i < vocabulary.size(); i++) { // every category, seen or not
                frequencies.merge(vocabulary.get(i), counts[i] / denominator, Double::sum);
            }
            if (counts[vocabulary.size()] > 0) {
                frequencies.put(UNSEEN, counts[vocabulary.size()] / denominator);
            }
            return FeatureProfile.newBuilder().setName(name).setType(FeatureType.CATEGORICAL)
                    .setCategoryFrequencies(frequencies)
                    .setMissingFraction(total == 0 ? 0 : (double) (total - present) / total).build();
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}

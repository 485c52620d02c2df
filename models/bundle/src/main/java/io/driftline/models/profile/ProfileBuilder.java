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

/**
 * Builds a {@link ReferenceProfile} from encoded training rows (as {@code FeatureEncoder} makes them) and the
 * model's scores on them.
 *
 * <p>Numeric features and the score get quantile bins (see {@link Bins}), mean, population standard deviation,
 * min and max; categorical features get the fraction of each vocabulary entry (zero included), plus {@link #UNSEEN} for values
 * outside it. A NaN in a row marks a missing value: it counts towards {@code missingFraction} and nowhere else,
 * and fractions are over the values present. With {@link #withSketches()}, numeric features and the score also get a
 * serialized DataSketches KLL double sketch ({@link #SKETCH_K}) of their present values, for the KS and Wasserstein
 * drift tests. Keeps every value in memory.
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

    private final List<FeatureSpec> features;
    private final List<double[]> rows = new ArrayList<>();
    private double[] scores = new double[64];
    private int scoreCount;
    private int bins = DEFAULT_BINS;
    private boolean sketches;
    private final Map<String, Double> performance = new LinkedHashMap<>();

    /** A builder for the manifest's features. */
    public ProfileBuilder(ModelManifest manifest) {
        this.features = List.copyOf(manifest.getFeatures());
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
        rows.add(row.clone());
        return this;
    }

    /** Adds the model's score on one training row. */
    public ProfileBuilder addScore(double score) {
        if (scoreCount == scores.length) {
            scores = Arrays.copyOf(scores, scoreCount * 2);
        }
        scores[scoreCount++] = score;
        return this;
    }

    /** The profile: one entry per feature in manifest order, and the score's when scores were added. */
    public ReferenceProfile build() {
        List<FeatureProfile> profiles = new ArrayList<>(features.size());
        for (int f = 0; f < features.size(); f++) {
            double[] column = new double[rows.size()];
            for (int r = 0; r < column.length; r++) {
                column[r] = rows.get(r)[f];
            }
            FeatureSpec spec = features.get(f);
            profiles.add(spec.getType() == FeatureType.CATEGORICAL
                    ? categorical(spec.getName(), spec.getVocabulary(), column) : numeric(spec.getName(), column));
        }
        FeatureProfile prediction = scoreCount == 0 ? null : numeric(SCORE, Arrays.copyOf(scores, scoreCount));
        return ReferenceProfile.newBuilder().setSampleSize(rows.size()).setFeatures(profiles)
                .setPrediction(prediction).setPerformance(new LinkedHashMap<>(performance)).build();
    }

    private FeatureProfile numeric(String name, double[] column) {
        double[] present = Arrays.stream(column).filter(v -> !Double.isNaN(v)).sorted().toArray();
        FeatureProfile.Builder profile = FeatureProfile.newBuilder().setName(name).setType(FeatureType.NUMERIC)
                .setMissingFraction(missingFraction(column, present.length));
        if (present.length == 0) {
            return profile.build();
        }
        double mean = Arrays.stream(present).average().orElse(0);
        double variance = Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum() / present.length;
        double[] edges = Bins.quantileEdges(present, bins);
        if (sketches) {
            KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
            for (double value : present) {
                sketch.update(value);
            }
            profile.setKllSketch(ByteBuffer.wrap(sketch.toByteArray()));
        }
        return profile.setMean(mean).setStddev(Math.sqrt(variance))
                .setMin(present[0]).setMax(present[present.length - 1])
                .setBinEdges(boxed(edges)).setBinFractions(boxed(Bins.fractions(edges, present)))
                .build();
    }

    private static FeatureProfile categorical(String name, List<String> vocabulary, double[] column) {
        Map<String, Double> frequencies = new LinkedHashMap<>();
        vocabulary.forEach(category -> frequencies.put(category, 0.0)); // every category, seen or not
        int present = 0;
        for (double value : column) {
            if (!Double.isNaN(value)) {
                int index = (int) value;
                String category = index >= 0 && index < vocabulary.size() ? vocabulary.get(index) : UNSEEN;
                frequencies.merge(category, 1.0, Double::sum);
                present++;
            }
        }
        int total = Math.max(present, 1);
        frequencies.replaceAll((category, count) -> count / total);
        return FeatureProfile.newBuilder().setName(name).setType(FeatureType.CATEGORICAL)
                .setCategoryFrequencies(frequencies).setMissingFraction(missingFraction(column, present)).build();
    }

    private static double missingFraction(double[] column, int present) {
        return column.length == 0 ? 0 : (double) (column.length - present) / column.length;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}

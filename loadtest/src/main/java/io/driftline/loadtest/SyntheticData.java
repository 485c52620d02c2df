package io.driftline.loadtest;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The benchmark's population: {@value #NUMERIC} numeric features and one categorical one, with a binary label from
 * a known logistic function, and the shifts that scenarios apply to it.
 *
 * <ul>
 *   <li>{@code x00} to {@code x16}: standard normal; {@code x17} to {@code x19}: lognormal, {@code exp(0.5 z)}
 *       (skewed, mean about 1.13, sd about 0.60), as amounts and counts are in real data;
 *   <li>{@code segment}: five categories {@link #SEGMENTS} in the fixed mix {@link #SEGMENT_MIX};
 *   <li>label: {@code P(1) = 1 / (1 + exp(-(b + w . z + s[segment])))} with {@link #WEIGHTS} on the features'
 *       standardised values and {@link #SEGMENT_EFFECTS}, so the model has real signal in about half the features.
 * </ul>
 *
 * <p>A mean shift is given in reference standard deviations of the shifted feature ({@link #referenceStddev}), so
 * that "0.25 sd" means the same for a normal and a lognormal feature. Rows are encoded as the model's manifest
 * encodes them: the numeric values, then the segment's vocabulary index; values are rounded to float, as the ONNX
 * input holds them, so that Tribuo trains on what ONNX Runtime will score.
 */
final class SyntheticData {

    /** Number of numeric features. */
    static final int NUMERIC = 20;
    /** The first lognormal feature; those before it are standard normal. */
    static final int FIRST_LOGNORMAL = 17;
    /** The categorical feature's name (and Avro field). */
    static final String SEGMENT = "segment";
    /** Vocabulary of the segment, ordered by label effect so that a linear model can use the index. */
    static final List<String> SEGMENTS = List.of("a", "b", "c", "d", "e");
    /** Reference mix of the segments. */
    static final double[] SEGMENT_MIX = {0.35, 0.25, 0.20, 0.12, 0.08};
    /** Logit effect of each segment. */
    static final double[] SEGMENT_EFFECTS = {-0.6, -0.2, 0.0, 0.4, 0.8};
    /** Logit weights on the standardised numeric features; half of them carry no signal. */
    static final double[] WEIGHTS = {0.9, -0.7, 0.6, 0.5, -0.4, 0.35, 0.3, -0.25, 0.2, 0.15,
        0, 0, 0, 0, 0, 0, 0, 0.4, -0.3, 0};
    /** Logit intercept. */
    static final double INTERCEPT = -0.5;
    /** Avro field of the event id. */
    static final String ID = "id";

    private static final double LOG_SIGMA = 0.5;
    private static final double LOGNORMAL_MEAN = Math.exp(LOG_SIGMA * LOG_SIGMA / 2);
    private static final double LOGNORMAL_SD = Math.sqrt((Math.exp(LOG_SIGMA * LOG_SIGMA) - 1)
            * Math.exp(LOG_SIGMA * LOG_SIGMA));

    /** Avro schema of a benchmark event: id, {@code x00} to {@code x19} (double), segment (string). */
    static final Schema SCHEMA = schema();

    /** A change applied to generated rows: a mean shift of one feature, a new segment mix, or none. */
    record Shift(int feature, double meanShiftSd, double[] segmentMix) {

        /** No change. */
        static final Shift NONE = new Shift(-1, 0, SEGMENT_MIX);

        /** Feature {@code feature}'s mean moved by {@code sd} reference standard deviations. */
        static Shift mean(int feature, double sd) {
            return new Shift(feature, sd, SEGMENT_MIX);
        }

        /** Segment {@code segment}'s share multiplied by {@code factor}, the others scaled to make up the rest. */
        static Shift segmentShare(int segment, double factor) {
            double[] mix = SEGMENT_MIX.clone();
            double share = Math.min(1, mix[segment] * factor);
            double others = 1 - mix[segment];
            for (int i = 0; i < mix.length; i++) {
                mix[i] = i == segment ? share : mix[i] * (1 - share) / others;
            }
            return new Shift(-1, 0, mix);
        }
    }

    private final SplittableRandom random;
    private long nextId;

    /** A generator; the same seed gives the same rows. */
    SyntheticData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Feature names in manifest order: {@code x00} to {@code x19}, then {@value #SEGMENT}. */
    static List<String> featureNames() {
        String[] names = new String[NUMERIC + 1];
        for (int i = 0; i < NUMERIC; i++) {
            names[i] = numericName(i);
        }
        names[NUMERIC] = SEGMENT;
        return List.of(names);
    }

    /** Name of numeric feature {@code index}, zero-padded so that Tribuo's name order is the manifest order. */
    static String numericName(int index) {
        return String.format("x%02d", index);
    }

    /** The index of a numeric feature by name, or -1. */
    static int numericIndex(String name) {
        for (int i = 0; i < NUMERIC; i++) {
            if (numericName(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The population standard deviation of a numeric feature, the unit of a mean shift. */
    static double referenceStddev(int feature) {
        return feature >= FIRST_LOGNORMAL ? LOGNORMAL_SD : 1.0;
    }

    /** One encoded row under a shift: numeric values, then the segment index. */
    double[] row(Shift shift) {
        double[] row = new double[NUMERIC + 1];
        for (int i = 0; i < NUMERIC; i++) {
            double z = random.nextGaussian();
            double value = i >= FIRST_LOGNORMAL ? Math.exp(LOG_SIGMA * z) : z;
            if (i == shift.feature()) {
                value += shift.meanShiftSd() * referenceStddev(i);
            }
            row[i] = (float) value;
        }
        row[NUMERIC] = pick(shift.segmentMix());
        return row;
    }

    /** The label of a row drawn from the known logistic function: "1" or "0". */
    String label(double[] row) {
        return random.nextDouble() < probability(row) ? "1" : "0";
    }

    /** The true probability of label "1" for a row. */
    static double probability(double[] row) {
        double logit = INTERCEPT + SEGMENT_EFFECTS[(int) row[NUMERIC]];
        for (int i = 0; i < NUMERIC; i++) {
            double standardised = i >= FIRST_LOGNORMAL ? (row[i] - LOGNORMAL_MEAN) / LOGNORMAL_SD : row[i];
            logit += WEIGHTS[i] * standardised;
        }
        return 1 / (1 + Math.exp(-logit));
    }

    /** The row as the Avro event a producer would send, with a fresh id. */
    GenericRecord event(double[] row) {
        GenericRecord event = new GenericData.Record(SCHEMA);
        event.put(ID, "e" + nextId++);
        for (int i = 0; i < NUMERIC; i++) {
            event.put(numericName(i), row[i]);
        }
        event.put(SEGMENT, SEGMENTS.get((int) row[NUMERIC]));
        return event;
    }

    private int pick(double[] mix) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < mix.length - 1; i++) {
            cumulative += mix[i];
            if (u < cumulative) {
                return i;
            }
        }
        return mix.length - 1;
    }

    private static Schema schema() {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("BenchmarkEvent")
                .namespace("io.driftline.loadtest").doc("A synthetic event of the detector benchmark.")
                .fields().requiredString(ID);
        for (int i = 0; i < NUMERIC; i++) {
            fields = fields.requiredDouble(numericName(i));
        }
        return fields.requiredString(SEGMENT).endRecord();
    }
}

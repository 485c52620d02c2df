package io.driftline.models.features;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns an (enriched) event into a model's input row, in manifest feature order. Training and serving use this
 * one class, so they cannot disagree on the encoding.
 *
 * <ul>
 *   <li>Fields are dot-separated paths through nested records and map values ({@code profile.age}).
 *   <li>NUMERIC: int, long, float, double, or boolean as 1/0. A string is a {@code WRONG_TYPE} error; NaN and
 *       infinities are {@code NOT_FINITE}.
 *   <li>CATEGORICAL: string or enum symbol to its vocabulary index; an unseen value to the vocabulary size.
 *   <li>Missing (absent from the schema, or null): DEFAULT gives {@code defaultValue}, REFERENCE_MEAN the
 *       reference profile's mean, REJECT throws {@code MISSING_FEATURE}.
 * </ul>
 *
 * <p>Each feature is written as the {@link ValueType} its model input takes (from the ONNX graph): float (the
 * default), double, int64 (a NUMERIC value must then be integral: 2.5 is {@code WRONG_TYPE}, never rounded; a
 * REFERENCE_MEAN is rounded to the nearest integer) or string (a CATEGORICAL value's raw text; the vocabulary still
 * defines the drift categories). {@link #encodeInto(GenericRecord, FeatureSink, int)} writes them into a model's
 * input batch; {@link #encodeRow} encodes an event now and {@link #writeRow} writes it into a batch later.
 *
 * <p>Immutable apart from an internal field-position cache, and safe to share between threads. Encoding
 * allocates nothing but the returned array ({@code encodeInto} allocates nothing, but the text of a string feature
 * decoded as {@code Utf8}).
 */
public final class FeatureEncoder {

    private final FeatureReader[] readers;
    private final FieldPath[] paths;
    private final List<String> names;
    private final ValueType[] types;
    /** Whether some feature feeds an int64 input, or a string input: what a {@link Row} needs room for. */
    private final boolean hasLongs;
    private final boolean hasTexts;

    /**
     * Prepares the encoder.
     *
     * @param profile reference profile; needed only when a feature uses REFERENCE_MEAN, may be null otherwise
     * @throws IllegalArgumentException when a categorical feature has no vocabulary, or a REFERENCE_MEAN feature
     *     is categorical or has no profile
     */
    public FeatureEncoder(ModelManifest manifest, ReferenceProfile profile) {
        this(manifest, profile, Collections.nCopies(Objects.requireNonNull(manifest, "manifest").getFeatures().size(),
                ValueType.FLOAT));
    }

    /**
     * Prepares the encoder for a model whose inputs take {@code types}, one per feature in manifest order.
     *
     * @throws IllegalArgumentException also when {@code types} is not one per feature, or a NUMERIC feature would
     *     feed a string input
     */
    public FeatureEncoder(ModelManifest manifest, ReferenceProfile profile, List<ValueType> types) {
        List<FeatureSpec> features = Objects.requireNonNull(manifest, "manifest").getFeatures();
        if (types.size() != features.size()) {
            throw new IllegalArgumentException(types.size() + " input types for " + features.size() + " features");
        }
        this.types = types.toArray(new ValueType[0]);
        for (int i = 0; i < features.size(); i++) {
            if (this.types[i] == ValueType.STRING && features.get(i).getType() != FeatureType.CATEGORICAL) {
                throw new IllegalArgumentException("feature '" + features.get(i).getName()
                        + "' is NUMERIC but feeds a string input: declare it CATEGORICAL with its vocabulary");
            }
        }
        this.readers = new FeatureReader[features.size()];
        this.paths = new FieldPath[features.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = reader(features.get(i), profile);
            paths[i] = new FieldPath(features.get(i).getName(), features.get(i).getField());
        }
        this.names = features.stream().map(FeatureSpec::getName).toList();
        this.hasLongs = Arrays.asList(this.types).contains(ValueType.INT64);
        this.hasTexts = Arrays.asList(this.types).contains(ValueType.STRING);
    }

    private static FeatureReader reader(FeatureSpec spec, ReferenceProfile profile) {
        double missing = spec.getMissing() == MissingPolicy.REFERENCE_MEAN
                ? referenceMean(spec, profile) : spec.getDefaultValue();
        if (spec.getType() == FeatureType.CATEGORICAL) {
            return new CategoricalReader(spec.getName(), spec.getField(), spec.getMissing(), missing, spec.getVocabulary());
        }
        return new NumericReader(spec.getName(), spec.getField(), spec.getMissing(), missing);
    }

    private static double referenceMean(FeatureSpec spec, ReferenceProfile profile) {
        if (spec.getType() == FeatureType.CATEGORICAL) {
            throw new IllegalArgumentException("feature '" + spec.getName()
                    + "' is categorical; REFERENCE_MEAN applies to numeric features only");
        }
        if (profile != null) {
            for (FeatureProfile feature : profile.getFeatures()) {
                if (feature.getName().equals(spec.getName())) {
                    return feature.getMean();
                }
            }
        }
        throw new IllegalArgumentException("feature '" + spec.getName()
                + "' uses REFERENCE_MEAN but the reference profile has no entry for it");
    }

    /** Number of features, the width of an encoded row. */
    public int size() {
        return readers.length;
    }

    /** Feature names in encoding order. */
    public List<String> featureNames() {
        return names;
    }

    /** The value type each feature is written as, in manifest order. */
    public List<ValueType> valueTypes() {
        return List.of(types);
    }

    /**
     * The value of feature {@code index} (manifest order) as the event holds it at the feature's path, before the
     * missing policy and any conversion: a {@link Number}, {@link Boolean}, {@link CharSequence} or enum symbol, or
     * null when it (or a record or map on the way) is absent or null. Drift statistics read this: a missing value
     * counts as missing there, not as the default the model is fed.
     *
     * @throws FeatureException WRONG_TYPE when a step of the path is neither a record nor a map
     */
    public Object rawValue(GenericRecord event, int index) {
        return paths[index].resolve(event);
    }

    /**
     * The event's features as doubles, in manifest order.
     *
     * @throws FeatureException when a value is missing under REJECT, of the wrong type, or not finite
     */
    public double[] encode(GenericRecord event) {
        double[] row = new double[readers.length];
        encodeInto(event, row, 0);
        return row;
    }

    /** The event's features as the floats an ONNX tensor takes; see {@link #encode}. */
    public float[] encodeFloats(GenericRecord event) {
        float[] row = new float[readers.length];
        encodeInto(event, row, 0);
        return row;
    }

    /** Writes the event's features into {@code out[offset .. offset + size())}, e.g. one row of a batch. */
    public void encodeInto(GenericRecord event, double[] out, int offset) {
        for (int i = 0; i < readers.length; i++) {
            out[offset + i] = readers[i].read(event);
        }
    }

    /**
     * Writes the event's features as floats into {@code out[offset .. offset + size())}.
     *
     * @throws FeatureException NOT_FINITE also when a finite double is too large for a float
     */
    public void encodeInto(GenericRecord event, float[] out, int offset) {
        for (int i = 0; i < readers.length; i++) {
            out[offset + i] = narrow(readers[i], readers[i].read(event));
        }
    }

    /**
     * Writes the event's features into row {@code row} of {@code sink}, each as its {@link ValueType}.
     *
     * @throws FeatureException when a value is missing under REJECT, of the wrong type (not integral for an int64
     *     input), not finite, or too large for a float
     */
    public void encodeInto(GenericRecord event, FeatureSink sink, int row) {
        encodeInto(event, sink, row, null);
    }

    /**
     * As {@link #encodeInto(GenericRecord, FeatureSink, int)}, also noting per feature (manifest order) in
     * {@code observed} what the event held, before the missing policy: a NUMERIC feature's value as a double
     * (booleans 1/0, not narrowed to the input's type), a CATEGORICAL one's vocabulary index (the vocabulary size
     * when unseen, whatever type the input takes), and NaN when the value is missing. Drift statistics count
     * these, so that they read the event exactly as the model did without resolving each path and looking each
     * category up a second time. Where encoding fails, what {@code observed} holds is unspecified.
     *
     * @param observed at least {@link #size()} long; null to note nothing
     */
    public void encodeInto(GenericRecord event, FeatureSink sink, int row, double[] observed) {
        for (int i = 0; i < readers.length; i++) {
            FeatureReader reader = readers[i];
            switch (types[i]) {
                case FLOAT -> sink.putFloat(row, i, narrow(reader, reader.read(event, observed, i)));
                case DOUBLE -> sink.putDouble(row, i, reader.read(event, observed, i));
                case INT64 -> sink.putLong(row, i, reader.readLong(event, observed, i));
                case STRING -> sink.putString(row, i, reader.readText(event, observed, i));
                default -> throw new IllegalStateException("unknown value type " + types[i]);
            }
        }
    }

    /**
     * One event's features encoded by one encoder, to be written into a batch later ({@link #writeRow}): exactly what
     * {@link #encodeInto(GenericRecord, FeatureSink, int, double[])} would write then, and what it notes.
     *
     * <p>Why: a scoring batch encodes its events up to {@code score.batch.max.records} events after they arrived,
     * when their records, profiles and aggregates have long left the caches; encoded on arrival, each is read while
     * it is still there, and the batch copies a few small arrays instead.
     */
    public static final class Row {
        private final FeatureEncoder encoder;
        private final double[] numbers;
        private final long[] longs;
        private final String[] texts;
        private final double[] observed;

        private Row(FeatureEncoder encoder) {
            int n = encoder.readers.length;
            this.encoder = encoder;
            this.numbers = new double[n];
            this.longs = encoder.hasLongs ? new long[n] : null;
            this.texts = encoder.hasTexts ? new String[n] : null;
            this.observed = new double[n];
        }

        /** The encoder that wrote it: a row is written only by the same encoder. */
        public FeatureEncoder encoder() {
            return encoder;
        }

        /** What encoding noted, as {@code observed} of {@code encodeInto}; the caller may keep it, not change it. */
        public double[] observed() {
            return observed;
        }
    }

    /** The sink a {@link Row} records into: one row, the feature's slot by its type. */
    private static final class RowRecorder implements FeatureSink {
        private final Row row;

        RowRecorder(Row row) {
            this.row = row;
        }

        @Override
        public void putFloat(int r, int feature, float value) {
            row.numbers[feature] = value; // exact: a float widens to a double and narrows back to itself
        }

        @Override
        public void putDouble(int r, int feature, double value) {
            row.numbers[feature] = value;
        }

        @Override
        public void putLong(int r, int feature, long value) {
            row.longs[feature] = value;
        }

        @Override
        public void putString(int r, int feature, String value) {
            row.texts[feature] = value;
        }
    }

    /**
     * The event encoded now, for {@link #writeRow} later.
     *
     * @throws FeatureException as {@link #encodeInto(GenericRecord, FeatureSink, int)}
     */
    public Row encodeRow(GenericRecord event) {
        Row row = new Row(this);
        encodeInto(event, new RowRecorder(row), 0, row.observed);
        return row;
    }

    /**
     * Writes a row this encoder made ({@link #encodeRow}) into row {@code index} of {@code sink}, as encoding the
     * event into it would have.
     *
     * @throws IllegalArgumentException when another encoder made the row
     */
    public void writeRow(Row row, FeatureSink sink, int index) {
        if (row.encoder != this) {
            throw new IllegalArgumentException("the row was encoded for another model's features");
        }
        for (int i = 0; i < types.length; i++) {
            switch (types[i]) {
                case FLOAT -> sink.putFloat(index, i, (float) row.numbers[i]);
                case DOUBLE -> sink.putDouble(index, i, row.numbers[i]);
                case INT64 -> sink.putLong(index, i, row.longs[i]);
                case STRING -> sink.putString(index, i, row.texts[i]);
                default -> throw new IllegalStateException("unknown value type " + types[i]);
            }
        }
    }

    /**
     * Writes an already encoded row (a golden example's) into row {@code row} of {@code sink} with the same
     * conversions as events get: {@code values} in manifest order, and for the features that feed string inputs
     * their text by feature name from {@code texts} (their entry in {@code values} is ignored).
     *
     * @throws FeatureException when a value is not finite, too large for a float, not integral for an int64 input,
     *     or a string input's text is absent from {@code texts} ({@code MISSING_FEATURE})
     */
    public void writeEncoded(List<Double> values, Map<String, String> texts, FeatureSink sink, int row) {
        if (values.size() != readers.length) {
            throw new IllegalArgumentException("row has " + values.size() + " values, the manifest " + readers.length
                    + " features");
        }
        for (int i = 0; i < readers.length; i++) {
            FeatureReader reader = readers[i];
            if (types[i] == ValueType.STRING) {
                String text = texts == null ? null : texts.get(reader.name);
                if (text == null) {
                    throw new FeatureException(FeatureException.Code.MISSING_FEATURE, reader.name, reader.field,
                            "feeds a string input, so its value goes in textFeatures (by feature name)");
                }
                sink.putString(row, i, text);
                continue;
            }
            Double boxed = values.get(i);
            double value = boxed == null ? Double.NaN : boxed;
            if (!Double.isFinite(value)) {
                throw new FeatureException(FeatureException.Code.NOT_FINITE, reader.name, reader.field, "value is " + value);
            }
            switch (types[i]) {
                case FLOAT -> sink.putFloat(row, i, narrow(reader, value));
                case DOUBLE -> sink.putDouble(row, i, value);
                case INT64 -> sink.putLong(row, i, reader.integral(value, value));
                default -> throw new IllegalStateException("unknown value type " + types[i]);
            }
        }
    }

    private static float narrow(FeatureReader reader, double value) {
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed)) {
            throw new FeatureException(FeatureException.Code.NOT_FINITE, reader.name, reader.field,
                    "value " + value + " is too large for a float");
        }
        return narrowed;
    }
}

package io.driftline.app.reference;

import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.features.FeatureSink;
import io.driftline.models.features.ValueType;
import io.driftline.topology.score.onnx.ModelOutput;
import io.driftline.topology.score.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Encodes rows with the model's encoder and scores them in batches with {@link OnnxModel}, as the score stage does:
 * each feature written as the graph's input takes it (float, double, int64 or string), one model run per batch, a
 * non-finite score a failure. Each row is encoded once, into a {@link TypedRow}; the batch and any golden example
 * made from the row are both written from it, so a golden example holds exactly what the model was fed (a double
 * input's 0.1 stays 0.1, a string input's text goes in {@code textFeatures}).
 */
final class BatchScorer {

    /** A row's golden-example inputs: manifest-order values, and the texts of features that feed string inputs. */
    record GoldenInputs(List<Double> features, Map<String, String> textFeatures) {
    }

    private final OnnxModel model;
    private final FeatureEncoder encoder;
    private final ValueType[] types;
    private final List<TypedRow> rows = new ArrayList<>();

    /** @param encoder built with the model's {@link OnnxModel#featureTypes()} */
    BatchScorer(OnnxModel model, FeatureEncoder encoder) {
        if (!encoder.valueTypes().equals(model.featureTypes())) {
            throw new IllegalArgumentException("the encoder writes " + encoder.valueTypes() + ", the model takes "
                    + model.featureTypes());
        }
        this.model = model;
        this.encoder = encoder;
        this.types = encoder.valueTypes().toArray(new ValueType[0]);
    }

    /**
     * Encodes one row into the batch.
     *
     * @throws io.driftline.models.features.FeatureException as serving's encoder throws it (the event would be
     *     dead-lettered there): missing under REJECT, wrong type (not integral for an int64 input), not finite
     */
    void add(GenericRecord view) {
        TypedRow row = new TypedRow(types.length);
        encoder.encodeInto(view, row, 0);
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    /** Row {@code i}'s inputs as a golden example holds them. */
    GoldenInputs goldenInputs(int i) {
        TypedRow row = rows.get(i);
        List<Double> values = new ArrayList<>(types.length);
        Map<String, String> texts = new HashMap<>();
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case FLOAT, DOUBLE -> values.add(row.numbers[f]);
                case INT64 -> values.add((double) row.longs[f]);
                case STRING -> {
                    values.add(0.0); // ignored for a string input: the text is what the model was fed
                    texts.put(encoder.featureNames().get(f), row.texts[f]);
                }
                default -> throw new IllegalStateException("unknown value type " + types[f]);
            }
        }
        return new GoldenInputs(values, texts);
    }

    /** Scores the batch; {@link #clear()} starts the next. */
    List<ModelOutput> score() throws Exception {
        var batch = model.newBatch(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).writeTo(batch, i, types);
        }
        List<ModelOutput> outputs = model.score(batch);
        for (int i = 0; i < outputs.size(); i++) {
            ModelOutput output = outputs.get(i);
            if (!Double.isFinite(output.score())
                    || !output.scores().values().stream().allMatch(v -> v != null && Double.isFinite(v))) {
                throw new IllegalStateException("the model gave a non-finite score (" + output.score() + ", scores "
                        + output.scores() + ") for row " + i + " of the batch");
            }
        }
        return outputs;
    }

    void clear() {
        rows.clear();
    }

    /** One encoded row, each feature kept as the type it was written as (a float kept exactly as a double). */
    private static final class TypedRow implements FeatureSink {
        final double[] numbers;
        final long[] longs;
        final String[] texts;

        TypedRow(int width) {
            numbers = new double[width];
            longs = new long[width];
            texts = new String[width];
        }

        @Override
        public void putFloat(int row, int feature, float value) {
            numbers[feature] = value;
        }

        @Override
        public void putDouble(int row, int feature, double value) {
            numbers[feature] = value;
        }

        @Override
        public void putLong(int row, int feature, long value) {
            longs[feature] = value;
        }

        @Override
        public void putString(int row, int feature, String value) {
            texts[feature] = value;
        }

        void writeTo(FeatureSink sink, int row, ValueType[] types) {
            for (int f = 0; f < types.length; f++) {
                switch (types[f]) {
                    case FLOAT -> sink.putFloat(row, f, (float) numbers[f]);
                    case DOUBLE -> sink.putDouble(row, f, numbers[f]);
                    case INT64 -> sink.putLong(row, f, longs[f]);
                    case STRING -> sink.putString(row, f, texts[f]);
                    default -> throw new IllegalStateException("unknown value type " + types[f]);
                }
            }
        }
    }
}

package io.driftline.app.reference;

import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.score.onnx.ModelOutput;
import io.driftline.topology.score.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Encodes rows with the model's encoder and scores them in batches with {@link OnnxModel}, as the score stage does
 * (float rows, one model run per batch, a non-finite score is a failure). The only class here that knows the
 * model's input type: when the input becomes typed rows, this is what changes.
 */
final class BatchScorer {

    private final OnnxModel model;
    private final FeatureEncoder encoder;
    private final List<float[]> rows = new ArrayList<>();
    private final List<GenericRecord> views = new ArrayList<>();

    BatchScorer(OnnxModel model, FeatureEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    /**
     * Encodes one row into the batch.
     *
     * @throws io.driftline.models.features.FeatureException as serving's encoder throws it (the event would be
     *     dead-lettered there)
     */
    void add(GenericRecord view) {
        rows.add(encoder.encodeFloats(view));
        views.add(view);
    }

    int size() {
        return rows.size();
    }

    /** The model's features of row {@code i} of the batch as a golden example holds them. */
    List<Double> goldenFeatures(int i) {
        float[] row = rows.get(i);
        List<Double> out = new ArrayList<>(row.length);
        for (float value : row) {
            out.add((double) value);
        }
        return out;
    }

    /** Scores the batch; {@link #clear()} starts the next. */
    List<ModelOutput> score() throws Exception {
        // Encoded as serving encodes (typed per the graph's inputs: float, double, int64, string).
        var batch = model.newBatch(views.size());
        for (int i = 0; i < views.size(); i++) {
            encoder.encodeInto(views.get(i), batch, i);
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
        views.clear();
    }
}

package io.driftline.topology.score.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.driftline.InputMode;
import io.driftline.models.features.FeatureSink;
import io.driftline.models.features.ValueType;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one model run, held in the element type of each ONNX input: a {@link FeatureSink} that a
 * {@link io.driftline.models.features.FeatureEncoder} built with {@link OnnxModel#featureTypes()} writes into, then
 * {@link OnnxModel#score(InputBatch) scored}. Made by {@link OnnxModel#newBatch(int)}, for that model only.
 *
 * <p>One flat array per input, row-major, so that a batch of a float model is one {@code float[]} and one tensor.
 * Not thread-safe; use it for one run.
 */
public final class InputBatch implements FeatureSink {

    private final ModelSignature signature;
    private final int rows;
    private final int[] inputOf;
    private final int[] columnOf;
    private final int[] widths;
    private final float[][] floats;
    private final double[][] doubles;
    private final long[][] longs;
    private final String[][] strings;

    InputBatch(ModelSignature signature, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch has at least one row: " + rows);
        }
        this.signature = signature;
        this.rows = rows;
        List<ModelSignature.Input> inputs = signature.inputs();
        int n = inputs.size();
        widths = new int[n];
        floats = new float[n][];
        doubles = new double[n][];
        longs = new long[n][];
        strings = new String[n][];
        for (int k = 0; k < n; k++) {
            ModelSignature.Input input = inputs.get(k);
            widths[k] = input.width();
            int size = Math.multiplyExact(rows, input.width());
            switch (input.type()) {
                case FLOAT -> floats[k] = new float[size];
                case DOUBLE -> doubles[k] = new double[size];
                case INT64 -> longs[k] = new long[size];
                case STRING -> strings[k] = new String[size];
                default -> throw new IllegalStateException("unknown value type " + input.type());
            }
        }
        int features = signature.featureCount();
        inputOf = new int[features];
        columnOf = new int[features];
        boolean tensor = signature.inputMode() == InputMode.TENSOR; // one [N, F] input; else one input per feature
        for (int j = 0; j < features; j++) {
            inputOf[j] = tensor ? 0 : j;
            columnOf[j] = tensor ? j : 0;
        }
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    ModelSignature signature() {
        return signature;
    }

    @Override
    public void putFloat(int row, int feature, float value) {
        float[] data = floats[inputOf[feature]];
        if (data == null) {
            throw wrongType(feature, ValueType.FLOAT);
        }
        data[index(row, feature)] = value;
    }

    @Override
    public void putDouble(int row, int feature, double value) {
        double[] data = doubles[inputOf[feature]];
        if (data == null) {
            throw wrongType(feature, ValueType.DOUBLE);
        }
        data[index(row, feature)] = value;
    }

    @Override
    public void putLong(int row, int feature, long value) {
        long[] data = longs[inputOf[feature]];
        if (data == null) {
            throw wrongType(feature, ValueType.INT64);
        }
        data[index(row, feature)] = value;
    }

    @Override
    public void putString(int row, int feature, String value) {
        String[] data = strings[inputOf[feature]];
        if (data == null) {
            throw wrongType(feature, ValueType.STRING);
        }
        data[index(row, feature)] = java.util.Objects.requireNonNull(value, "value");
    }

    private int index(int row, int feature) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of a batch of " + rows);
        }
        return row * widths[inputOf[feature]] + columnOf[feature];
    }

    private IllegalArgumentException wrongType(int feature, ValueType written) {
        return new IllegalArgumentException("feature " + feature + " feeds a " + signature.featureTypes().get(feature)
                + " input, not " + written + ": build the encoder with the model's featureTypes()");
    }

    /** One tensor per input, in the session's input names; the caller closes them. */
    Map<String, OnnxTensor> tensors(OrtEnvironment env) throws OrtException {
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        List<ModelSignature.Input> inputs = signature.inputs();
        try {
            for (int k = 0; k < inputs.size(); k++) {
                ModelSignature.Input input = inputs.get(k);
                long[] shape = input.rank1() ? new long[] {rows} : new long[] {rows, input.width()};
                OnnxTensor tensor = switch (input.type()) {
                    case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(floats[k]), shape);
                    case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(doubles[k]), shape);
                    case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(longs[k]), shape);
                    case STRING -> OnnxTensor.createTensor(env, filled(strings[k], input.name()), shape);
                    default -> throw new IllegalStateException("unknown value type " + input.type());
                };
                out.put(input.name(), tensor);
            }
            return out;
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    private static String[] filled(String[] data, String input) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == null) {
                // ONNX Runtime would dereference it natively: refuse here, with the place that was left out.
                throw new IllegalStateException("string input '" + input + "' has no value at position " + i);
            }
        }
        return data;
    }
}

package io.driftline.topology.score.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftline.OutputKind;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads scores and labels out of a session's result as the manifest's output spec and the resolved
 * {@link ModelClasses} say: the score of a BINARY model is always its positive class's probability, never the
 * top class's.
 */
final class OutputReader {

    private final OutputKind kind;
    private final ModelSignature.Layout layout;
    private final String scoresName;
    private final String labelName;
    private final List<String> classes;
    private final int positiveIndex;

    OutputReader(OutputKind kind, ModelSignature signature, ModelClasses classes) {
        this.kind = kind;
        this.layout = signature.layout();
        this.scoresName = signature.scoresName();
        this.labelName = signature.labelName();
        this.classes = classes.labels();
        this.positiveIndex = classes.positiveIndex();
    }

    List<ModelOutput> read(OrtSession.Result result, int rows) throws OrtException {
        OnnxValue scores = result.get(scoresName).orElseThrow(
                () -> new IllegalStateException("model produced no output '" + scoresName + "'"));
        String[] labels = labelName == null ? null : readLabels(result, rows);
        List<ModelOutput> out = new ArrayList<>(rows);
        if (layout == ModelSignature.Layout.REGRESSION) {
            double[] values = flat((OnnxTensor) scores, rows, 1);
            for (int i = 0; i < rows; i++) {
                out.add(new ModelOutput(values[i], null, Map.of()));
            }
            return out;
        }
        List<Map<String, Double>> probabilities = switch (layout) {
            case ZIPMAP -> readZipMap((OnnxSequence) scores, rows);
            case SINGLE_COLUMN -> readSingleColumn((OnnxTensor) scores, rows);
            default -> readColumns((OnnxTensor) scores, rows);
        };
        for (int i = 0; i < rows; i++) {
            out.add(toOutput(probabilities.get(i), labels == null ? null : labels[i]));
        }
        return out;
    }

    private ModelOutput toOutput(Map<String, Double> probs, String label) {
        String top = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : probs.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                top = e.getKey();
            }
        }
        String predicted = label != null ? label : top;
        if (kind == OutputKind.BINARY) {
            return new ModelOutput(probs.get(classes.get(positiveIndex)), predicted, probs);
        }
        return new ModelOutput(top == null ? Double.NaN : best, predicted, probs);
    }

    private List<Map<String, Double>> readColumns(OnnxTensor tensor, int rows) {
        int width = classes.size();
        double[] values = flat(tensor, rows, width);
        List<Map<String, Double>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Double> probs = new LinkedHashMap<>(width * 2);
            for (int c = 0; c < width; c++) {
                probs.put(classes.get(c), values[i * width + c]);
            }
            out.add(probs);
        }
        return out;
    }

    /** A sigmoid's [N, 1] or [N]: the second class's probability, the first's its complement. */
    private List<Map<String, Double>> readSingleColumn(OnnxTensor tensor, int rows) {
        double[] values = flat(tensor, rows, 1);
        List<Map<String, Double>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Double> probs = new LinkedHashMap<>(4);
            probs.put(classes.get(0), 1.0 - values[i]);
            probs.put(classes.get(1), values[i]);
            out.add(probs);
        }
        return out;
    }

    /** Each row's map, in class order; a class the map lacks reads NaN (and fails the row downstream). */
    private List<Map<String, Double>> readZipMap(OnnxSequence sequence, int rows) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        if (maps.size() != rows) {
            throw new IllegalStateException("ZipMap output '" + scoresName + "' has " + maps.size() + " maps for "
                    + rows + " rows");
        }
        List<Map<String, Double>> out = new ArrayList<>(rows);
        for (OnnxValue value : maps) {
            Map<String, Double> byKey = new HashMap<>();
            for (Map.Entry<?, ?> e : ((OnnxMap) value).getValue().entrySet()) {
                byKey.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
            }
            Map<String, Double> probs = new LinkedHashMap<>(classes.size() * 2);
            for (String c : classes) {
                probs.put(c, byKey.getOrDefault(c, Double.NaN));
            }
            out.add(probs);
        }
        return out;
    }

    /** The keys of a ZipMap output's first map, in the model's class order: numeric for int64, text for strings. */
    static List<String> zipMapKeys(OnnxSequence sequence) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        if (maps.isEmpty()) {
            throw new IllegalStateException("the ZipMap output has no map for the probe row");
        }
        Map<?, ?> first = ((OnnxMap) maps.get(0)).getValue();
        List<String> keys = new ArrayList<>();
        if (((OnnxMap) maps.get(0)).getInfo().keyType == OnnxJavaType.INT64) {
            first.keySet().stream().map(k -> ((Number) k).longValue()).sorted().forEach(k -> keys.add(Long.toString(k)));
        } else {
            first.keySet().stream().map(String::valueOf).sorted().forEach(keys::add);
        }
        return keys;
    }

    private String[] readLabels(OrtSession.Result result, int rows) throws OrtException {
        Object raw = ((OnnxTensor) result.get(labelName).orElseThrow()).getValue();
        String[] labels = new String[rows];
        for (int i = 0; i < rows; i++) {
            if (raw instanceof String[] s) {
                labels[i] = s[i];
            } else if (raw instanceof long[] l) {
                labels[i] = Long.toString(l[i]);
            } else if (raw instanceof long[][] l2) {
                labels[i] = Long.toString(l2[i][0]);
            } else if (raw instanceof String[][] s2) {
                labels[i] = s2[i][0];
            } else {
                throw new IllegalStateException("label output '" + labelName + "' has unsupported type " + raw.getClass());
            }
        }
        return labels;
    }

    private double[] flat(OnnxTensor tensor, int rows, int width) {
        double[] out;
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer buffer = tensor.getDoubleBuffer();
            out = new double[buffer.remaining()];
            buffer.get(out);
        } else {
            FloatBuffer buffer = tensor.getFloatBuffer();
            out = new double[buffer.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = buffer.get(i);
            }
        }
        if (out.length != (long) rows * width) {
            throw new IllegalStateException("output '" + scoresName + "' has " + out.length + " values for " + rows
                    + " rows of " + width + (width == 1 ? " value" : " classes"));
        }
        return out;
    }
}

package io.driftline.topology.score.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads scores and labels out of a session's result as the manifest's {@link OutputSpec} says. */
final class OutputReader {

    private final OutputSpec spec;
    private final String scoresName;
    private final String labelName;
    private final List<String> classLabels;
    private final int positiveIndex;

    OutputReader(OutputSpec spec, ModelSignature signature) {
        this.spec = spec;
        this.scoresName = signature.scoresName();
        this.labelName = signature.labelName();
        this.classLabels = List.copyOf(spec.getClassLabels());
        String positive = spec.getPositiveClass();
        this.positiveIndex = positive == null ? classLabels.size() - 1 : classLabels.indexOf(positive);
    }

    List<ModelOutput> read(OrtSession.Result result, int rows) throws OrtException {
        OnnxValue scores = result.get(scoresName).orElseThrow(
                () -> new IllegalStateException("model produced no output '" + scoresName + "'"));
        String[] labels = labelName == null ? null : readLabels(result, rows);
        if (spec.getKind() == OutputKind.REGRESSION) {
            double[] values = flat((OnnxTensor) scores);
            List<ModelOutput> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                out.add(new ModelOutput(values[i], null, Map.of()));
            }
            return out;
        }
        List<Map<String, Double>> probabilities = spec.getFormat() == OutputFormat.ZIPMAP
                ? readZipMap((OnnxSequence) scores) : readTensor((OnnxTensor) scores, rows);
        List<ModelOutput> out = new ArrayList<>(rows);
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
        if (spec.getKind() == OutputKind.BINARY) {
            String positive = classLabels.isEmpty() ? top : classLabels.get(positiveIndex);
            return new ModelOutput(probs.getOrDefault(positive, Double.NaN), predicted, probs);
        }
        return new ModelOutput(best, predicted, probs);
    }

    private List<Map<String, Double>> readTensor(OnnxTensor tensor, int rows) {
        double[] values = flat(tensor);
        int classes = classLabels.size();
        if (values.length != rows * classes) {
            throw new IllegalStateException("output '" + scoresName + "' has " + values.length + " values for "
                    + rows + " rows of " + classes + " classes");
        }
        List<Map<String, Double>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Double> probs = new LinkedHashMap<>(classes * 2);
            for (int c = 0; c < classes; c++) {
                probs.put(classLabels.get(c), values[i * classes + c]);
            }
            out.add(probs);
        }
        return out;
    }

    private static List<Map<String, Double>> readZipMap(OnnxSequence sequence) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        List<Map<String, Double>> out = new ArrayList<>(maps.size());
        for (OnnxValue value : maps) {
            Map<String, Double> probs = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((OnnxMap) value).getValue().entrySet()) {
                probs.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
            }
            out.add(probs);
        }
        return out;
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

    private static double[] flat(OnnxTensor tensor) {
        if (tensor.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
            DoubleBuffer buffer = tensor.getDoubleBuffer();
            double[] out = new double[buffer.remaining()];
            buffer.get(out);
            return out;
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        double[] out = new double[buffer.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.get(i);
        }
        return out;
    }
}

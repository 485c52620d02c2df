package io.driftline.topology.score.exports;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.bundle.ModelBundle;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The oracle: ONNX Runtime run directly on the same events, fed and read by hand (no Driftline encoder, batch or
 * output reader), giving what a prediction must say: the positive class's probability for BINARY, the top class's
 * for MULTICLASS, the value for REGRESSION.
 */
final class DirectOnnx {

    /** What ONNX Runtime says for one row: score, label (null for regression), probability per class. */
    record Expected(double score, String label, Map<String, Double> scores) {
    }

    private DirectOnnx() {
    }

    static List<Expected> run(ModelBundle bundle, List<GenericRecord> events) throws Exception {
        ModelManifest manifest = bundle.manifest();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bundle.loadOnnx(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            try {
                List<FeatureSpec> features = manifest.getFeatures();
                if (manifest.getInputMode() == InputMode.TENSOR) {
                    String name = session.getInputNames().iterator().next();
                    inputs.put(name, tensor(env, session.getInputInfo().get(name), events, features));
                } else {
                    for (FeatureSpec feature : features) {
                        inputs.put(feature.getName(), tensor(env, session.getInputInfo().get(feature.getName()), events,
                                List.of(feature)));
                    }
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    return read(manifest.getOutput(), session, result, events.size());
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, NodeInfo node, List<GenericRecord> events,
                                     List<FeatureSpec> features) throws Exception {
        TensorInfo info = (TensorInfo) node.getInfo();
        int n = events.size();
        int f = features.size();
        long[] shape = info.getShape().length == 1 ? new long[] {n} : new long[] {n, f};
        switch (info.type) {
            case STRING -> {
                String[] data = new String[n * f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        data[i * f + j] = events.get(i).get(features.get(j).getField()).toString();
                    }
                }
                return OnnxTensor.createTensor(env, data, shape);
            }
            case INT64 -> {
                long[] data = new long[n * f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        double v = number(events.get(i), features.get(j));
                        if (v != Math.rint(v)) {
                            throw new IllegalArgumentException("not an integer: " + v);
                        }
                        data[i * f + j] = (long) v;
                    }
                }
                return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
            }
            case DOUBLE -> {
                double[] data = new double[n * f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        data[i * f + j] = number(events.get(i), features.get(j));
                    }
                }
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(data), shape);
            }
            default -> {
                float[] data = new float[n * f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        data[i * f + j] = (float) number(events.get(i), features.get(j));
                    }
                }
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
            }
        }
    }

    private static double number(GenericRecord event, FeatureSpec feature) {
        Object raw = event.get(feature.getField());
        if (feature.getType() == FeatureType.CATEGORICAL) {
            int index = feature.getVocabulary().indexOf(raw.toString());
            return index < 0 ? feature.getVocabulary().size() : index;
        }
        return ((Number) raw).doubleValue();
    }

    private static List<Expected> read(OutputSpec spec, OrtSession session, OrtSession.Result result, int n)
            throws Exception {
        List<String> outputNames = new ArrayList<>(session.getOutputNames());
        String scoresName = spec.getScoresName() == null ? outputNames.get(outputNames.size() - 1) : spec.getScoresName();
        OnnxValue scores = result.get(scoresName).orElseThrow();
        String[] labels = spec.getLabelName() == null ? null : labels(result.get(spec.getLabelName()).orElseThrow(), n);
        List<Expected> out = new ArrayList<>();
        if (spec.getKind() == OutputKind.REGRESSION) {
            double[] values = flat((OnnxTensor) scores);
            for (int i = 0; i < n; i++) {
                out.add(new Expected(values[i], null, Map.of()));
            }
            return out;
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        if (spec.getFormat() == OutputFormat.ZIPMAP) {
            for (OnnxValue map : ((OnnxSequence) scores).getValue()) {
                Map<String, Double> probs = new LinkedHashMap<>();
                ((OnnxMap) map).getValue().forEach((k, v) -> probs.put(String.valueOf(k), ((Number) v).doubleValue()));
                rows.add(probs);
            }
        } else {
            double[] values = flat((OnnxTensor) scores);
            List<String> classes = spec.getClassLabels();
            boolean single = values.length == n;
            for (int i = 0; i < n; i++) {
                Map<String, Double> probs = new LinkedHashMap<>();
                if (single) {
                    probs.put(classes.get(0), 1.0 - values[i]);
                    probs.put(classes.get(1), values[i]);
                } else {
                    for (int c = 0; c < classes.size(); c++) {
                        probs.put(classes.get(c), values[i * classes.size() + c]);
                    }
                }
                rows.add(probs);
            }
        }
        for (int i = 0; i < n; i++) {
            Map<String, Double> probs = rows.get(i);
            String top = probs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String label = labels != null ? labels[i] : top;
            if (spec.getKind() == OutputKind.BINARY) {
                out.add(new Expected(probs.get(positive(spec, probs)), label, probs));
            } else {
                out.add(new Expected(probs.get(top), label, probs));
            }
        }
        return out;
    }

    /** positiveClass, else the last class: the last classLabel, or the highest ZipMap key. */
    private static String positive(OutputSpec spec, Map<String, Double> probs) {
        if (spec.getPositiveClass() != null) {
            return spec.getPositiveClass();
        }
        if (!spec.getClassLabels().isEmpty()) {
            return spec.getClassLabels().get(spec.getClassLabels().size() - 1);
        }
        Comparator<String> order = probs.keySet().stream().allMatch(k -> k.matches("-?\\d+"))
                ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
        return probs.keySet().stream().max(order).orElseThrow();
    }

    private static String[] labels(OnnxValue value, int n) throws Exception {
        Object raw = value.getValue();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = raw instanceof long[] l ? Long.toString(l[i]) : ((String[]) raw)[i];
        }
        return out;
    }

    private static double[] flat(OnnxTensor tensor) {
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer b = tensor.getDoubleBuffer();
            double[] out = new double[b.remaining()];
            b.get(out);
            return out;
        }
        FloatBuffer b = tensor.getFloatBuffer();
        double[] out = new double[b.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }
}

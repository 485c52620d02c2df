package io.driftline.topology.score.onnx;

import static io.driftline.topology.score.onnx.ModelLoadException.Reason.SHAPE_MISMATCH;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.driftline.FeatureSpec;
import io.driftline.InputMode;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resolved input and output names of a session, checked against its manifest when the model loads,
 * so that a bundle whose graph does not match its manifest is rejected before it serves, never mid-stream.
 */
record ModelSignature(InputMode inputMode, List<String> inputNames, int featureCount,
                      String scoresName, String labelName) {

    static ModelSignature resolve(OrtSession session, ModelManifest manifest) throws OrtException, ModelLoadException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        List<FeatureSpec> features = manifest.getFeatures();
        if (features.isEmpty()) {
            throw new ModelLoadException(SHAPE_MISMATCH, "manifest declares no features");
        }
        List<String> inputNames = new ArrayList<>();
        if (manifest.getInputMode() == InputMode.TENSOR) {
            String name = manifest.getInputName();
            if (name == null) {
                if (inputs.size() != 1) {
                    throw new ModelLoadException(SHAPE_MISMATCH,
                            "manifest names no inputName but the graph has inputs " + inputs.keySet());
                }
                name = inputs.keySet().iterator().next();
            }
            TensorInfo info = floatTensor(inputs, name, "input");
            long[] shape = info.getShape();
            if (shape.length != 2 || (shape[1] > 0 && shape[1] != features.size())) {
                throw new ModelLoadException(SHAPE_MISMATCH, "input '" + name + "' has shape "
                        + java.util.Arrays.toString(shape) + " but the manifest declares " + features.size()
                        + " features: expected [N, " + features.size() + "]");
            }
            inputNames.add(name);
        } else {
            for (FeatureSpec feature : features) {
                TensorInfo info = floatTensor(inputs, feature.getName(), "input");
                if (info.getShape().length > 2) {
                    throw new ModelLoadException(SHAPE_MISMATCH, "per-feature input '" + feature.getName()
                            + "' must be [N] or [N, 1], has " + java.util.Arrays.toString(info.getShape()));
                }
                inputNames.add(feature.getName());
            }
            if (inputs.size() != features.size()) {
                throw new ModelLoadException(SHAPE_MISMATCH, "graph inputs " + inputs.keySet()
                        + " do not match the manifest's " + features.size() + " features");
            }
        }
        OutputSpec out = manifest.getOutput();
        String scoresName = out.getScoresName();
        if (scoresName == null) {
            List<String> names = new ArrayList<>(outputs.keySet());
            scoresName = names.get(names.size() - 1);
        }
        checkScoresOutput(outputs, scoresName, out);
        String labelName = out.getLabelName();
        if (labelName != null && !outputs.containsKey(labelName)) {
            throw new ModelLoadException(SHAPE_MISMATCH,
                    "label output '" + labelName + "' not in graph outputs " + outputs.keySet());
        }
        return new ModelSignature(manifest.getInputMode(), List.copyOf(inputNames), features.size(), scoresName, labelName);
    }

    private static TensorInfo floatTensor(Map<String, NodeInfo> infos, String name, String what)
            throws ModelLoadException {
        NodeInfo node = infos.get(name);
        if (node == null) {
            throw new ModelLoadException(SHAPE_MISMATCH, what + " '" + name + "' not in graph " + what + "s " + infos.keySet());
        }
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(SHAPE_MISMATCH, what + " '" + name + "' must be a float tensor, is " + info);
        }
        return tensor;
    }

    private static void checkScoresOutput(Map<String, NodeInfo> outputs, String name, OutputSpec out)
            throws ModelLoadException {
        NodeInfo node = outputs.get(name);
        if (node == null) {
            throw new ModelLoadException(SHAPE_MISMATCH, "scores output '" + name + "' not in graph outputs " + outputs.keySet());
        }
        ValueInfo info = node.getInfo();
        if (out.getFormat() == OutputFormat.ZIPMAP) {
            if (!(info instanceof SequenceInfo seq) || !seq.isSequenceOfMaps()) {
                throw new ModelLoadException(SHAPE_MISMATCH, "output '" + name + "' is declared ZIPMAP but is " + info);
            }
            return;
        }
        if (!(info instanceof TensorInfo tensor)
                || (tensor.type != OnnxJavaType.FLOAT && tensor.type != OnnxJavaType.DOUBLE)) {
            throw new ModelLoadException(SHAPE_MISMATCH, "output '" + name + "' must be a float tensor, is " + info);
        }
        long[] shape = tensor.getShape();
        if (out.getKind() == OutputKind.REGRESSION) {
            if (shape.length > 2 || (shape.length == 2 && shape[1] > 1)) {
                throw new ModelLoadException(SHAPE_MISMATCH, "regression output '" + name + "' must be [N] or [N, 1], is "
                        + java.util.Arrays.toString(shape));
            }
            return;
        }
        int classes = out.getClassLabels().size();
        if (classes == 0) {
            throw new ModelLoadException(SHAPE_MISMATCH, "a classifier's manifest must list classLabels");
        }
        if (shape.length != 2 || (shape[1] > 0 && shape[1] != classes)) {
            throw new ModelLoadException(SHAPE_MISMATCH, "output '" + name + "' has shape "
                    + java.util.Arrays.toString(shape) + " but the manifest lists " + classes + " classLabels");
        }
        String positive = out.getPositiveClass();
        if (out.getKind() == OutputKind.BINARY && positive != null && !out.getClassLabels().contains(positive)) {
            throw new ModelLoadException(SHAPE_MISMATCH,
                    "positiveClass '" + positive + "' is not one of classLabels " + out.getClassLabels());
        }
    }
}

package io.driftline.topology.score.onnx;

import static io.driftline.topology.score.onnx.ModelLoadException.Reason.SHAPE_MISMATCH;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.features.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The resolved inputs (names, element types, widths) and outputs of a session, checked against its manifest when the
 * model loads, so that a bundle whose graph does not match its manifest is rejected before it serves, never
 * mid-stream.
 *
 * @param inputs       the graph's inputs in feeding order: one in TENSOR mode, one per feature in PER_FEATURE mode
 * @param featureTypes the element type each feature is fed as, in manifest order
 * @param layout       how the scores output is laid out
 */
record ModelSignature(InputMode inputMode, List<Input> inputs, List<ValueType> featureTypes, String scoresName,
                      String labelName, Layout layout) {

    /** One graph input: {@code width} values per row; {@code rank1} when it is declared [N] rather than [N, w]. */
    record Input(String name, ValueType type, int width, boolean rank1) {
    }

    /** The scores output: a regression value, one column per class, a single positive-class column, or ZipMap. */
    enum Layout { REGRESSION, COLUMNS, SINGLE_COLUMN, ZIPMAP }

    int featureCount() {
        return featureTypes.size();
    }

    static ModelSignature resolve(OrtSession session, ModelManifest manifest) throws OrtException, ModelLoadException {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        List<FeatureSpec> features = manifest.getFeatures();
        if (features.isEmpty()) {
            throw new ModelLoadException(SHAPE_MISMATCH, "manifest declares no features");
        }
        List<Input> inputs = new ArrayList<>();
        List<ValueType> types = new ArrayList<>();
        if (manifest.getInputMode() == InputMode.TENSOR) {
            if (graphInputs.size() != 1) {
                throw new ModelLoadException(SHAPE_MISMATCH, "TENSOR mode feeds one input [N, " + features.size()
                        + "] but the graph has inputs " + graphInputs.keySet()
                        + ": use inputMode PER_FEATURE with one feature per input");
            }
            String name = manifest.getInputName() == null ? graphInputs.keySet().iterator().next() : manifest.getInputName();
            TensorInfo info = tensorInput(graphInputs, name);
            ValueType type = valueType(info, name);
            long[] shape = info.getShape();
            if (shape.length != 2 || (shape[1] > 0 && shape[1] != features.size())) {
                throw new ModelLoadException(SHAPE_MISMATCH, "input '" + name + "' has shape " + Arrays.toString(shape)
                        + " but the manifest declares " + features.size() + " features: expected [N, "
                        + features.size() + "]");
            }
            inputs.add(new Input(name, type, features.size(), false));
            for (FeatureSpec feature : features) {
                types.add(checkFeature(feature, type, name));
            }
        } else {
            for (FeatureSpec feature : features) {
                TensorInfo info = tensorInput(graphInputs, feature.getName());
                long[] shape = info.getShape();
                if (shape.length == 0 || shape.length > 2 || (shape.length == 2 && shape[1] > 1)) {
                    throw new ModelLoadException(SHAPE_MISMATCH, "per-feature input '" + feature.getName()
                            + "' must be [N] or [N, 1], has " + Arrays.toString(shape));
                }
                ValueType type = valueType(info, feature.getName());
                inputs.add(new Input(feature.getName(), type, 1, shape.length == 1));
                types.add(checkFeature(feature, type, feature.getName()));
            }
            if (graphInputs.size() != features.size()) {
                throw new ModelLoadException(SHAPE_MISMATCH, "graph inputs " + graphInputs.keySet()
                        + " do not match the manifest's " + features.size() + " features " + features.stream()
                        .map(FeatureSpec::getName).toList() + ": PER_FEATURE mode needs one feature per input");
            }
        }
        OutputSpec out = manifest.getOutput();
        String scoresName = out.getScoresName();
        if (scoresName == null) {
            List<String> names = new ArrayList<>(outputs.keySet());
            scoresName = names.get(names.size() - 1);
        }
        Layout layout = scoresLayout(outputs, scoresName, out);
        String labelName = out.getLabelName();
        if (labelName != null && !outputs.containsKey(labelName)) {
            throw new ModelLoadException(SHAPE_MISMATCH,
                    "label output '" + labelName + "' not in graph outputs " + outputs.keySet());
        }
        return new ModelSignature(manifest.getInputMode(), List.copyOf(inputs), List.copyOf(types), scoresName, labelName,
                layout);
    }

    private static TensorInfo tensorInput(Map<String, NodeInfo> infos, String name) throws ModelLoadException {
        NodeInfo node = infos.get(name);
        if (node == null) {
            throw new ModelLoadException(SHAPE_MISMATCH, "input '" + name + "' not in graph inputs " + infos.keySet());
        }
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(SHAPE_MISMATCH, "input '" + name + "' must be a tensor, is " + node.getInfo());
        }
        return tensor;
    }

    private static ValueType valueType(TensorInfo info, String name) throws ModelLoadException {
        return switch (info.type) {
            case FLOAT -> ValueType.FLOAT;
            case DOUBLE -> ValueType.DOUBLE;
            case INT64 -> ValueType.INT64;
            case STRING -> ValueType.STRING;
            default -> throw new ModelLoadException(SHAPE_MISMATCH, "input '" + name + "' takes " + info.type
                    + " elements; supported are float, double, int64 and string (export the model with one of them)");
        };
    }

    /** The type the feature is fed as, once it is known that the feature can feed the input. */
    private static ValueType checkFeature(FeatureSpec feature, ValueType type, String input) throws ModelLoadException {
        boolean numeric = feature.getType() != FeatureType.CATEGORICAL;
        if (type == ValueType.STRING && numeric) {
            throw new ModelLoadException(SHAPE_MISMATCH, "feature '" + feature.getName() + "' is declared NUMERIC but "
                    + "feeds string input '" + input + "': declare it CATEGORICAL with its vocabulary (its values are "
                    + "then passed as text), or export the model with a numeric input");
        }
        if (type == ValueType.INT64 && numeric && feature.getMissing() == MissingPolicy.DEFAULT
                && feature.getDefaultValue() != Math.rint(feature.getDefaultValue())) {
            throw new ModelLoadException(SHAPE_MISMATCH, "feature '" + feature.getName() + "' feeds int64 input '"
                    + input + "' but its defaultValue " + feature.getDefaultValue() + " is not an integer");
        }
        return type;
    }

    private static Layout scoresLayout(Map<String, NodeInfo> outputs, String name, OutputSpec out)
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
            if (out.getKind() == OutputKind.REGRESSION) {
                throw new ModelLoadException(SHAPE_MISMATCH, "a REGRESSION model's output is a tensor, not ZIPMAP");
            }
            MapInfo map = seq.mapInfo;
            if ((map.keyType != OnnxJavaType.INT64 && map.keyType != OnnxJavaType.STRING)
                    || (map.valueType != OnnxJavaType.FLOAT && map.valueType != OnnxJavaType.DOUBLE)) {
                throw new ModelLoadException(SHAPE_MISMATCH, "ZipMap output '" + name + "' must map int64 or string keys"
                        + " to float or double, is " + info);
            }
            return Layout.ZIPMAP;
        }
        if (!(info instanceof TensorInfo tensor)
                || (tensor.type != OnnxJavaType.FLOAT && tensor.type != OnnxJavaType.DOUBLE)) {
            throw new ModelLoadException(SHAPE_MISMATCH, "output '" + name + "' must be a float or double tensor, is "
                    + info + (info instanceof SequenceInfo ? ": declare format ZIPMAP" : ""));
        }
        long[] shape = tensor.getShape();
        if (out.getKind() == OutputKind.REGRESSION) {
            if (shape.length > 2 || (shape.length == 2 && shape[1] > 1)) {
                throw new ModelLoadException(SHAPE_MISMATCH, "regression output '" + name + "' must be [N] or [N, 1], is "
                        + Arrays.toString(shape));
            }
            return Layout.REGRESSION;
        }
        if (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) {
            return Layout.SINGLE_COLUMN;
        }
        if (shape.length != 2) {
            throw new ModelLoadException(SHAPE_MISMATCH, "output '" + name + "' must be [N, C], is " + Arrays.toString(shape));
        }
        return Layout.COLUMNS;
    }
}

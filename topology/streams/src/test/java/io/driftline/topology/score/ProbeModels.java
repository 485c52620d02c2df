package io.driftline.topology.score;

import ai.onnx.proto.OnnxMl;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.BundleException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Real ONNX graphs, built here from the ONNX protobuf messages, that fail (or give NaN) on chosen inputs: the
 * failure happens inside ONNX Runtime, as a broken production model's would, with no hook in production code.
 * Each takes one float feature {@code x} (field {@code x} of a {@link #event probe event}) and is a binary
 * classifier with classes {@code no}, {@code yes}.
 */
final class ProbeModels {

    static final String MODEL = "probe";
    static final Schema EVENT = SchemaBuilder.record("Probe").namespace("io.driftline.test").fields()
            .requiredString("id").requiredDouble("x").endRecord();

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;

    private ProbeModels() {
    }

    /** A probe event: {@code id} is its event id (and record key), {@code x} its one feature. */
    static GenericRecord event(String id, double x) {
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("id", id);
        event.put("x", x);
        return event;
    }

    /**
     * Looks its probabilities up in a two-row table with Gather at index {@code (int) x}: 0 gives yes = 0.2, 1 gives
     * yes = 0.7, and any x outside [-2, 2) makes ONNX Runtime fail with "indices element out of data bounds".
     */
    static ModelUpdate gather(String version) {
        OnnxMl.GraphProto.Builder g = graph("probe-gather")
                .addInitializer(floats("table", new long[] {2, 2}, 0.8f, 0.2f, 0.3f, 0.7f))
                .addInitializer(longs("shape", new long[] {2}, -1, 2))
                .addNode(node("Cast", List.of("input"), "index").addAttribute(intAttribute("to", INT64)))
                .addNode(node("Gather", List.of("table", "index"), "rows").addAttribute(intAttribute("axis", 0)))
                .addNode(node("Reshape", List.of("rows", "shape"), "probabilities"));
        return update(version, g);
    }

    /** yes = sqrt(x), no = 1 - sqrt(x): a NaN for every negative x, from the graph itself. */
    static ModelUpdate sqrt(String version) {
        OnnxMl.GraphProto.Builder g = graph("probe-sqrt")
                .addInitializer(floats("one", new long[] {1}, 1f))
                .addNode(node("Sqrt", List.of("input"), "yes"))
                .addNode(node("Sub", List.of("one", "yes"), "no"))
                .addNode(node("Concat", List.of("no", "yes"), "probabilities").addAttribute(intAttribute("axis", 1)));
        return update(version, g);
    }

    /** yes = sigmoid(x): a model that scores every finite x. */
    static ModelUpdate sigmoid(String version) {
        OnnxMl.GraphProto.Builder g = graph("probe-sigmoid")
                .addInitializer(floats("one", new long[] {1}, 1f))
                .addNode(node("Sigmoid", List.of("input"), "yes"))
                .addNode(node("Sub", List.of("one", "yes"), "no"))
                .addNode(node("Concat", List.of("no", "yes"), "probabilities").addAttribute(intAttribute("axis", 1)));
        return update(version, g);
    }

    /** The same update as a shadow of the champion. */
    static ModelUpdate asShadow(ModelUpdate update) {
        update.setAction(ModelAction.SHADOW);
        return update;
    }

    private static ModelUpdate update(String version, OnnxMl.GraphProto.Builder graph) {
        byte[] onnx = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setProducerName("driftline-test")
                .setGraph(graph)
                .build().toByteArray();
        ModelManifest manifest = ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR).setInputName("input")
                .setFeatures(List.of(FeatureSpec.newBuilder().setName("x").setField("x").setType(FeatureType.NUMERIC)
                        .setMissing(MissingPolicy.REJECT).build()))
                .setOutput(OutputSpec.newBuilder().setKind(OutputKind.BINARY).setFormat(OutputFormat.TENSOR)
                        .setScoresName("probabilities").setClassLabels(List.of("no", "yes")).setPositiveClass("yes")
                        .build())
                .setEventIdField("id")
                .build();
        try {
            return BundleBuilder.forModel(MODEL, version).onnx(onnx).manifest(manifest)
                    .description("probe model (test)").build().toUpdate();
        } catch (BundleException e) {
            throw new IllegalStateException("probe bundle is invalid: " + e.getMessage(), e);
        }
    }

    private static OnnxMl.GraphProto.Builder graph(String name) {
        return OnnxMl.GraphProto.newBuilder().setName(name)
                .addInput(floatValue("input", 1))
                .addOutput(floatValue("probabilities", 2));
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, int columns) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
                .build();
    }

    private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static OnnxMl.TensorProto longs(String name, long[] dims, long... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }
}

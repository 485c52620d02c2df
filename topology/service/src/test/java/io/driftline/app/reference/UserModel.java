package io.driftline.app.reference;

import ai.onnx.proto.OnnxMl;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A user's own model, not the demo's: a logistic regression built here from ONNX protobufs, with weights the tests
 * know, over events of a schema of their own. Features: {@code x} (numeric, DEFAULT 0), {@code age} at the nested
 * path {@code details.age} (REFERENCE_MEAN), {@code segment} (categorical a, b, c; DEFAULT) and {@code income}
 * (REJECT). Binary, classes {@code no}, {@code yes}; the score is P(yes) = sigmoid(w . features + b).
 */
public final class UserModel {

    public static final float[] WEIGHTS = {1.0f, 0.02f, 0.5f, 0.0001f};
    public static final float BIAS = -1.5f;
    public static final List<String> SEGMENTS = List.of("a", "b", "c");

    public static final Schema DETAILS = SchemaBuilder.record("Details").namespace("io.driftline.test.user").fields()
            .optionalDouble("age").endRecord();
    public static final Schema EVENT = SchemaBuilder.record("UserEvent").namespace("io.driftline.test.user").fields()
            .requiredString("id")
            .optionalDouble("x")
            .name("details").type().optional().type(DETAILS)
            .optionalString("segment")
            .optionalDouble("income")
            .optionalString("y")
            .endRecord();

    private UserModel() {
    }

    public static ModelManifest manifest() {
        return ModelManifest.newBuilder().setInputMode(InputMode.TENSOR).setInputName("input")
                .setFeatures(List.of(
                        feature("x", "x", FeatureType.NUMERIC, MissingPolicy.DEFAULT),
                        feature("age", "details.age", FeatureType.NUMERIC, MissingPolicy.REFERENCE_MEAN),
                        FeatureSpec.newBuilder(feature("segment", "segment", FeatureType.CATEGORICAL,
                                MissingPolicy.DEFAULT)).setVocabulary(SEGMENTS).build(),
                        feature("income", "income", FeatureType.NUMERIC, MissingPolicy.REJECT)))
                .setOutput(OutputSpec.newBuilder().setKind(OutputKind.BINARY).setFormat(OutputFormat.TENSOR)
                        .setScoresName("probabilities").setClassLabels(List.of("no", "yes")).setPositiveClass("yes")
                        .build())
                .setEventIdField("id").setGoldenTolerance(1e-5)
                .build();
    }

    private static FeatureSpec feature(String name, String field, FeatureType type, MissingPolicy missing) {
        return FeatureSpec.newBuilder().setName(name).setField(field).setType(type).setMissing(missing).build();
    }

    /** P(yes) as the graph computes it, in double precision. */
    public static double score(double[] features) {
        double z = BIAS;
        for (int i = 0; i < features.length; i++) {
            z += WEIGHTS[i] * features[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Input [N, 4] -> MatMul W -> Add b -> Sigmoid = p; probabilities = [1 - p, p]. */
    public static byte[] onnx() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("user-logistic")
                .addInput(floatValue("input", WEIGHTS.length))
                .addOutput(floatValue("probabilities", 2))
                .addInitializer(floats("w", new long[] {WEIGHTS.length, 1}, WEIGHTS))
                .addInitializer(floats("b", new long[] {1}, BIAS))
                .addInitializer(floats("one", new long[] {1}, 1f))
                .addNode(node("MatMul", List.of("input", "w"), "z0"))
                .addNode(node("Add", List.of("z0", "b"), "z"))
                .addNode(node("Sigmoid", List.of("z"), "p"))
                .addNode(node("Sub", List.of("one", "p"), "q"))
                .addNode(node("Concat", List.of("q", "p"), "probabilities").addAttribute(
                        OnnxMl.AttributeProto.newBuilder().setName("axis")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setProducerName("driftline-test-user").setGraph(graph).build().toByteArray();
    }

    /**
     * Events like the user's training data: x ~ N(shift, 1), age ~ U(20, 70) (10% missing, some with no details at
     * all), segment a/b/c or an unseen d (5% missing), income lognormal (2% missing: REJECT), and a label drawn
     * from the model's own probability, so that the model is calibrated on them.
     */
    public static List<GenericRecord> events(long seed, int n, double shift) {
        Random random = new Random(seed);
        List<GenericRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GenericRecord event = new GenericData.Record(EVENT);
            event.put("id", "e" + seed + "-" + i);
            event.put("x", random.nextDouble() < 0.03 ? null : random.nextGaussian() + shift);
            double age = 20 + 50 * random.nextDouble();
            if (random.nextDouble() >= 0.05) {
                GenericRecord details = new GenericData.Record(DETAILS);
                details.put("age", random.nextDouble() < 0.05 ? null : age);
                event.put("details", details);
            }
            double u = random.nextDouble();
            event.put("segment", u < 0.05 ? null : u < 0.45 ? "a" : u < 0.75 ? "b" : u < 0.97 ? "c" : "d");
            event.put("income", random.nextDouble() < 0.02 ? null : Math.exp(10 + 0.5 * random.nextGaussian()));
            out.add(event);
        }
        for (GenericRecord event : out) {
            double p = score(encodeByHand(event));
            event.put("y", random.nextDouble() < p ? "yes" : "no");
        }
        return out;
    }

    /** The features by hand (NaN stands for a missing age, which the test fills with the mean it expects). */
    static double[] encodeByHand(GenericRecord event) {
        Object x = event.get("x");
        GenericRecord details = (GenericRecord) event.get("details");
        Object age = details == null ? null : details.get("age");
        Object segment = event.get("segment");
        Object income = event.get("income");
        int index = segment == null ? 0 : SEGMENTS.indexOf(segment.toString());
        return new double[] {x == null ? 0 : (float) (double) x, age == null ? 45 : (float) (double) age,
                index < 0 ? SEGMENTS.size() : index, income == null ? 0 : (float) (double) income};
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, int columns) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }
}

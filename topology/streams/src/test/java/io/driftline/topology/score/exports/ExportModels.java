package io.driftline.topology.score.exports;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * ONNX graphs shaped as the common exporters write them, built here from the ONNX protobuf messages (nothing is
 * fetched or committed as a binary): sklearn-onnx classifiers with a label and a ZipMap (int64 or string keys),
 * XGBoost / LightGBM tree ensembles (label plus an [N, 2] probability tensor, or a ZipMap), a PyTorch / Keras
 * single sigmoid [N, 1] or [N], a softmax [N, C], regressors [N, 1] and [N], PyTorch-style named inputs, sklearn's
 * DoubleTensorType and Int64TensorType inputs, and a ColumnTransformer pipeline with a string column.
 *
 * <p>Each comes as a bundle with the manifest its publisher would write; {@link #manifest} and a
 * {@code UnaryOperator<ModelManifest>} let a test mis-declare one. Every model reads the {@link #EVENT} record.
 */
public final class ExportModels {

    /** The model name every export is deployed under. */
    public static final String MODEL = "export";
    /** amount and tenure doubles, age and visits longs, city a string. */
    public static final Schema EVENT = SchemaBuilder.record("Applicant").namespace("io.driftline.test").fields()
            .requiredString("id").requiredDouble("amount").requiredLong("age").requiredLong("visits")
            .requiredDouble("tenure").requiredString("city").endRecord();
    /** The vocabulary of city (drift categories), in an order other than the model's own one-hot order. */
    public static final List<String> CITIES = List.of("paris", "lyon", "nice");

    private static final String ML = "ai.onnx.ml";
    private static final int FLOAT = DataType.FLOAT_VALUE;
    private static final int DOUBLE = DataType.DOUBLE_VALUE;
    private static final int INT64 = DataType.INT64_VALUE;
    private static final int STRING = DataType.STRING_VALUE;
    private static final float[] W = {0.004f, -0.03f, 0.2f};
    private static final float B = -0.7f;

    private ExportModels() {
    }

    /** One export: what exporter it stands for, and its bundle. */
    public record Export(String name, ModelBundle bundle) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Row {@code i} of a deterministic stream of applicants; {@code tenure} is a whole number of years. */
    public static GenericRecord event(String id, int i) {
        GenericRecord e = new GenericData.Record(EVENT);
        e.put("id", id);
        e.put("amount", 20.0 + (i * 73.7) % 480.0);
        e.put("age", 18L + (i * 17L) % 60L);
        e.put("visits", (i * 7L) % 13L);
        e.put("tenure", (double) ((i * 3) % 11));
        e.put("city", i % 7 == 6 ? "rome" : CITIES.get(i % 3)); // rome: a city the model never saw
        return e;
    }

    /** Every export, with the manifest its publisher would write. */
    public static List<Export> all() {
        return List.of(
                sklearnZipMap(false, UnaryOperator.identity()),
                sklearnZipMap(true, UnaryOperator.identity()),
                sklearnZipMapMulticlass(UnaryOperator.identity()),
                xgboostBinary(UnaryOperator.identity()),
                lightgbmZipMap(UnaryOperator.identity()),
                sigmoidColumn(false, UnaryOperator.identity()),
                sigmoidColumn(true, UnaryOperator.identity()),
                softmaxMulticlass(UnaryOperator.identity()),
                linearRegressor(UnaryOperator.identity()),
                flatRegressor(UnaryOperator.identity()),
                perFeatureInputs(UnaryOperator.identity()),
                doubleInput(UnaryOperator.identity()),
                int64Input(UnaryOperator.identity()),
                stringPipeline(UnaryOperator.identity()));
    }

    // ---------------------------------------------------------------- the exports

    /**
     * sklearn-onnx LogisticRegression: LinearClassifier (binary as two rows, -w and w, LOGISTIC), Normalizer L1, and
     * ZipMap; outputs {@code output_label} and {@code output_probability}. Keys int64 0/1, or strings legit/fraud.
     * The manifest leaves classLabels out (taken from the ZipMap's keys).
     */
    public static Export sklearnZipMap(boolean stringKeys, UnaryOperator<ModelManifest> edit) {
        List<String> classes = stringKeys ? List.of("fraud", "legit") : List.of("0", "1");
        float[] coefficients = concat(negate(W), W);
        OnnxMl.GraphProto.Builder g = graph(stringKeys ? "sklearn-zipmap-strings" : "sklearn-zipmap")
                .addInput(tensor("float_input", FLOAT, -1, 3))
                .addNode(linearClassifier("float_input", coefficients, new float[] {-B, B}, classes, stringKeys))
                .addNode(node(ML, "Normalizer", List.of("probability_tensor"), List.of("probabilities"))
                        .addAttribute(string("norm", "L1")))
                .addNode(zipMap("probabilities", classes, stringKeys))
                .addOutput(tensor("output_label", stringKeys ? STRING : INT64, -1))
                .addOutput(sequenceOfMaps("output_probability", stringKeys ? STRING : INT64));
        return export(stringKeys ? "sklearn LogisticRegression, ZipMap string keys" : "sklearn LogisticRegression,"
                + " ZipMap int64 keys", g, edit.apply(manifest(numeric3(), OutputKind.BINARY, OutputFormat.ZIPMAP,
                "output_probability", "output_label", List.of(), stringKeys ? "fraud" : null)));
    }

    /** sklearn-onnx multinomial-ish LogisticRegression over three classes (OvR LOGISTIC, Normalizer L1, ZipMap). */
    public static Export sklearnZipMapMulticlass(UnaryOperator<ModelManifest> edit) {
        List<String> classes = List.of("0", "1", "2");
        float[] coefficients = {0.004f, -0.03f, 0.2f, -0.002f, 0.01f, 0.1f, -0.001f, 0.02f, -0.3f};
        OnnxMl.GraphProto.Builder g = graph("sklearn-zipmap-3")
                .addInput(tensor("float_input", FLOAT, -1, 3))
                .addNode(linearClassifier("float_input", coefficients, new float[] {0.1f, -0.2f, 0.3f}, classes, false))
                .addNode(node(ML, "Normalizer", List.of("probability_tensor"), List.of("probabilities"))
                        .addAttribute(string("norm", "L1")))
                .addNode(zipMap("probabilities", classes, false))
                .addOutput(tensor("output_label", INT64, -1))
                .addOutput(sequenceOfMaps("output_probability", INT64));
        return export("sklearn LogisticRegression, 3 classes, ZipMap", g, edit.apply(manifest(numeric3(),
                OutputKind.MULTICLASS, OutputFormat.ZIPMAP, "output_probability", "output_label", List.of(), null)));
    }

    /** onnxmltools XGBoost binary: TreeEnsembleClassifier (one class's weights, LOGISTIC), label + [N, 2] probabilities. */
    public static Export xgboostBinary(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("xgboost-binary")
                .addInput(tensor("input", FLOAT, -1, 3))
                .addNode(treeClassifier("input"))
                .addOutput(tensor("label", INT64, -1))
                .addOutput(tensor("probabilities", FLOAT, -1, 2));
        return export("XGBoost binary, label + probabilities [N, 2]", g, edit.apply(manifest(numeric3(),
                OutputKind.BINARY, OutputFormat.TENSOR, "probabilities", "label", List.of("0", "1"), "1")));
    }

    /** onnxmltools LightGBM binary with its default ZipMap after the TreeEnsembleClassifier. */
    public static Export lightgbmZipMap(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("lightgbm-binary")
                .addInput(tensor("input", FLOAT, -1, 3))
                .addNode(treeClassifier("input"))
                .addNode(zipMap("probabilities", List.of("0", "1"), false))
                .addOutput(tensor("label", INT64, -1))
                .addOutput(sequenceOfMaps("output_probability", INT64));
        return export("LightGBM binary, label + ZipMap", g, edit.apply(manifest(numeric3(), OutputKind.BINARY,
                OutputFormat.ZIPMAP, "output_probability", "label", List.of("0", "1"), null)));
    }

    /** PyTorch / Keras: Gemm-like MatMul + Add + Sigmoid, one probability column [N, 1], or flattened to [N]. */
    public static Export sigmoidColumn(boolean flat, UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph(flat ? "keras-sigmoid-flat" : "pytorch-sigmoid")
                .addInput(tensor("input", FLOAT, -1, 3))
                .addInitializer(floats("weight", new long[] {3, 1}, W))
                .addInitializer(floats("bias", new long[] {1}, B))
                .addNode(node("", "MatMul", List.of("input", "weight"), List.of("logits_raw")))
                .addNode(node("", "Add", List.of("logits_raw", "bias"), List.of("logits")))
                .addNode(node("", "Sigmoid", List.of("logits"), List.of(flat ? "column" : "output")));
        if (flat) {
            g.addInitializer(longs("flat_shape", new long[] {1}, -1))
                    .addNode(node("", "Reshape", List.of("column", "flat_shape"), List.of("output")))
                    .addOutput(tensor("output", FLOAT, -1));
        } else {
            g.addOutput(tensor("output", FLOAT, -1, 1));
        }
        return export(flat ? "Keras sigmoid [N]" : "PyTorch sigmoid [N, 1]", g, edit.apply(manifest(numeric3(),
                OutputKind.BINARY, OutputFormat.TENSOR, "output", null, List.of("legit", "fraud"), null)));
    }

    /** PyTorch multiclass: MatMul + Add + Softmax over three classes, [N, 3]. */
    public static Export softmaxMulticlass(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("pytorch-softmax")
                .addInput(tensor("input", FLOAT, -1, 3))
                .addInitializer(floats("weight", new long[] {3, 3}, 0.004f, -0.002f, 0.001f, -0.03f, 0.01f, 0.02f,
                        0.2f, 0.1f, -0.3f))
                .addInitializer(floats("bias", new long[] {3}, 0.1f, -0.2f, 0.3f))
                .addNode(node("", "MatMul", List.of("input", "weight"), List.of("logits_raw")))
                .addNode(node("", "Add", List.of("logits_raw", "bias"), List.of("logits")))
                .addNode(node("", "Softmax", List.of("logits"), List.of("probabilities")).addAttribute(integer("axis", 1)))
                .addOutput(tensor("probabilities", FLOAT, -1, 3));
        return export("PyTorch softmax [N, 3]", g, edit.apply(manifest(numeric3(), OutputKind.MULTICLASS,
                OutputFormat.TENSOR, "probabilities", null, List.of("low", "mid", "high"), null)));
    }

    /** sklearn-onnx LinearRegression: LinearRegressor, output {@code variable} [N, 1]. */
    public static Export linearRegressor(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("sklearn-linear-regression")
                .addInput(tensor("float_input", FLOAT, -1, 3))
                .addNode(linearRegressor("float_input", "variable"))
                .addOutput(tensor("variable", FLOAT, -1, 1));
        return export("sklearn LinearRegression [N, 1]", g, edit.apply(manifest(numeric3(), OutputKind.REGRESSION,
                OutputFormat.TENSOR, "variable", null, List.of(), null)));
    }

    /** PyTorch regression squeezed to [N]: MatMul + Add + Reshape(-1). */
    public static Export flatRegressor(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("pytorch-regression")
                .addInput(tensor("input", FLOAT, -1, 3))
                .addInitializer(floats("weight", new long[] {3, 1}, W))
                .addInitializer(floats("bias", new long[] {1}, B))
                .addInitializer(longs("flat_shape", new long[] {1}, -1))
                .addNode(node("", "MatMul", List.of("input", "weight"), List.of("raw")))
                .addNode(node("", "Add", List.of("raw", "bias"), List.of("column")))
                .addNode(node("", "Reshape", List.of("column", "flat_shape"), List.of("prediction")))
                .addOutput(tensor("prediction", FLOAT, -1));
        return export("PyTorch regression [N]", g, edit.apply(manifest(numeric3(), OutputKind.REGRESSION,
                OutputFormat.TENSOR, null, null, List.of(), null)));
    }

    /** PyTorch with named inputs: one [N, 1] float input per feature, concatenated, then a sigmoid [N, 1]. */
    public static Export perFeatureInputs(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("pytorch-named-inputs")
                .addInput(tensor("amount", FLOAT, -1, 1))
                .addInput(tensor("age", FLOAT, -1, 1))
                .addInput(tensor("tenure", FLOAT, -1, 1))
                .addInitializer(floats("weight", new long[] {3, 1}, W))
                .addInitializer(floats("bias", new long[] {1}, B))
                .addNode(node("", "Concat", List.of("amount", "age", "tenure"), List.of("x")).addAttribute(integer("axis", 1)))
                .addNode(node("", "MatMul", List.of("x", "weight"), List.of("raw")))
                .addNode(node("", "Add", List.of("raw", "bias"), List.of("logits")))
                .addNode(node("", "Sigmoid", List.of("logits"), List.of("probability")))
                .addOutput(tensor("probability", FLOAT, -1, 1));
        ModelManifest m = manifest(numeric3(), OutputKind.BINARY, OutputFormat.TENSOR, "probability", null,
                List.of("0", "1"), "1");
        m.setInputMode(InputMode.PER_FEATURE);
        m.setInputName(null);
        return export("PyTorch named inputs, one per feature", g, edit.apply(m));
    }

    /**
     * sklearn-onnx with DoubleTensorType: the ai.onnx.ml operators take floats only, so the exporter writes standard
     * operators in double: MatMul, Add, Sigmoid, [1 - p, p], ArgMax label; probabilities double [N, 2].
     */
    public static Export doubleInput(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("sklearn-double")
                .addInput(tensor("X", DOUBLE, -1, 3))
                .addInitializer(doubles("coef", new long[] {3, 1}, 0.004, -0.03, 0.2))
                .addInitializer(doubles("intercept", new long[] {1}, -0.7))
                .addInitializer(doubles("one", new long[] {1}, 1.0))
                .addNode(node("", "MatMul", List.of("X", "coef"), List.of("raw")))
                .addNode(node("", "Add", List.of("raw", "intercept"), List.of("logits")))
                .addNode(node("", "Sigmoid", List.of("logits"), List.of("p1")))
                .addNode(node("", "Sub", List.of("one", "p1"), List.of("p0")))
                .addNode(node("", "Concat", List.of("p0", "p1"), List.of("probabilities")).addAttribute(integer("axis", 1)))
                .addNode(node("", "ArgMax", List.of("probabilities"), List.of("label"))
                        .addAttribute(integer("axis", 1)).addAttribute(integer("keepdims", 0)))
                .addOutput(tensor("label", INT64, -1))
                .addOutput(tensor("probabilities", DOUBLE, -1, 2));
        return export("sklearn DoubleTensorType input", g, edit.apply(manifest(numeric3(), OutputKind.BINARY,
                OutputFormat.TENSOR, "probabilities", "label", List.of("0", "1"), null)));
    }

    /** sklearn-onnx with Int64TensorType: Cast to float, then LinearRegressor. Features age, visits, tenure. */
    public static Export int64Input(UnaryOperator<ModelManifest> edit) {
        OnnxMl.GraphProto.Builder g = graph("sklearn-int64")
                .addInput(tensor("int_input", INT64, -1, 3))
                .addNode(node("", "Cast", List.of("int_input"), List.of("as_float")).addAttribute(integer("to", FLOAT)))
                .addNode(linearRegressor("as_float", "variable"))
                .addOutput(tensor("variable", FLOAT, -1, 1));
        List<FeatureSpec> features = List.of(numeric("age", "age"), numeric("visits", "visits"),
                numeric("tenure", "tenure"));
        return export("sklearn Int64TensorType input", g, edit.apply(manifest(features, OutputKind.REGRESSION,
                OutputFormat.TENSOR, "variable", null, List.of(), null)));
    }

    /**
     * sklearn ColumnTransformer([passthrough amount, OneHotEncoder city]) + LogisticRegression, converted with one
     * input per column: {@code amount} float [N, 1], {@code city} string [N, 1]; OneHotEncoder (unknown cities all
     * zeros), Reshape, Concat, LinearClassifier, Normalizer, ZipMap with string keys no/yes.
     */
    public static Export stringPipeline(UnaryOperator<ModelManifest> edit) {
        List<String> oneHot = List.of("lyon", "nice", "paris"); // sklearn sorts categories
        List<String> classes = List.of("no", "yes");
        float[] w = {0.004f, 0.8f, -0.6f, 0.3f};
        OnnxMl.GraphProto.Builder g = graph("sklearn-pipeline-strings")
                .addInput(tensor("amount", FLOAT, -1, 1))
                .addInput(tensor("city", STRING, -1, 1))
                .addNode(node(ML, "OneHotEncoder", List.of("city"), List.of("city_onehot"))
                        .addAttribute(strings("cats_strings", oneHot)).addAttribute(integer("zeros", 1)))
                .addInitializer(longs("onehot_shape", new long[] {2}, -1, 3))
                .addNode(node("", "Reshape", List.of("city_onehot", "onehot_shape"), List.of("city_2d")))
                .addNode(node("", "Concat", List.of("amount", "city_2d"), List.of("features")).addAttribute(integer("axis", 1)))
                .addNode(linearClassifier("features", concat(negate(w), w), new float[] {0.2f, -0.2f}, classes, true))
                .addNode(node(ML, "Normalizer", List.of("probability_tensor"), List.of("probabilities"))
                        .addAttribute(string("norm", "L1")))
                .addNode(zipMap("probabilities", classes, true))
                .addOutput(tensor("output_label", STRING, -1))
                .addOutput(sequenceOfMaps("output_probability", STRING));
        List<FeatureSpec> features = List.of(numeric("amount", "amount"),
                FeatureSpec.newBuilder().setName("city").setField("city").setType(FeatureType.CATEGORICAL)
                        .setVocabulary(CITIES).setMissing(MissingPolicy.REJECT).build());
        ModelManifest m = manifest(features, OutputKind.BINARY, OutputFormat.ZIPMAP, "output_probability",
                "output_label", List.of("no", "yes"), "yes");
        m.setInputMode(InputMode.PER_FEATURE);
        m.setInputName(null);
        return export("sklearn pipeline with a string column", g, edit.apply(m));
    }

    /** sklearn FunctionTransformer(np.log) before a LinearRegression: NaN for a non-positive amount. */
    public static Export logRegressor(UnaryOperator<ModelManifest> edit, List<GoldenExample> golden) {
        OnnxMl.GraphProto.Builder g = graph("sklearn-log-pipeline")
                .addInput(tensor("float_input", FLOAT, -1, 3))
                .addNode(node("", "Log", List.of("float_input"), List.of("logged")))
                .addNode(linearRegressor("logged", "variable"))
                .addOutput(tensor("variable", FLOAT, -1, 1));
        return export("sklearn log pipeline", g, edit.apply(manifest(numeric3(), OutputKind.REGRESSION,
                OutputFormat.TENSOR, "variable", null, List.of(), null)), golden);
    }

    /** The same export with golden examples. */
    public static Export withGolden(Export export, List<GoldenExample> golden) {
        try {
            ModelBundle b = export.bundle();
            return new Export(export.name(), BundleBuilder.forModel(MODEL, b.version()).onnx(b.loadOnnx())
                    .manifest(b.manifest()).goldenExamples(golden).description(b.description()).build());
        } catch (BundleException e) {
            throw new IllegalStateException(export.name() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- manifests

    /** A manifest in TENSOR mode over {@code features}, event id from {@code id}. */
    public static ModelManifest manifest(List<FeatureSpec> features, OutputKind kind, OutputFormat format,
                                         String scoresName, String labelName, List<String> classLabels,
                                         String positiveClass) {
        return ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR).setInputName(null)
                .setFeatures(new ArrayList<>(features))
                .setOutput(OutputSpec.newBuilder().setKind(kind).setFormat(format).setScoresName(scoresName)
                        .setLabelName(labelName).setClassLabels(new ArrayList<>(classLabels))
                        .setPositiveClass(positiveClass).build())
                .setEventIdField("id")
                .build();
    }

    /** amount, age, tenure: the three numeric features most exports take. */
    public static List<FeatureSpec> numeric3() {
        return List.of(numeric("amount", "amount"), numeric("age", "age"), numeric("tenure", "tenure"));
    }

    public static FeatureSpec numeric(String name, String field) {
        return FeatureSpec.newBuilder().setName(name).setField(field).setType(FeatureType.NUMERIC)
                .setMissing(MissingPolicy.REJECT).build();
    }

    // ---------------------------------------------------------------- graph building

    private static Export export(String name, OnnxMl.GraphProto.Builder graph, ModelManifest manifest) {
        return export(name, graph, manifest, List.of());
    }

    private static Export export(String name, OnnxMl.GraphProto.Builder graph, ModelManifest manifest,
                                 List<GoldenExample> golden) {
        byte[] onnx = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(ML).setVersion(1))
                .setProducerName("driftline-test-exports")
                .setGraph(graph)
                .build().toByteArray();
        try {
            return new Export(name, BundleBuilder.forModel(MODEL, "1").onnx(onnx).manifest(manifest)
                    .goldenExamples(golden).description(name + " (test export)").build());
        } catch (BundleException e) {
            throw new IllegalStateException(name + ": bundle is invalid: " + e.getMessage(), e);
        }
    }

    private static OnnxMl.GraphProto.Builder graph(String name) {
        return OnnxMl.GraphProto.newBuilder().setName(name);
    }

    private static OnnxMl.NodeProto.Builder linearClassifier(String input, float[] coefficients, float[] intercepts,
                                                             List<String> classes, boolean stringLabels) {
        OnnxMl.NodeProto.Builder n = node(ML, "LinearClassifier", List.of(input), List.of("output_label",
                "probability_tensor"))
                .addAttribute(floatList("coefficients", coefficients))
                .addAttribute(floatList("intercepts", intercepts))
                .addAttribute(integer("multi_class", 0))
                .addAttribute(string("post_transform", "LOGISTIC"));
        return stringLabels ? n.addAttribute(strings("classlabels_strings", classes))
                : n.addAttribute(ints("classlabels_ints", classes.stream().mapToLong(Long::parseLong).toArray()));
    }

    private static OnnxMl.NodeProto.Builder linearRegressor(String input, String output) {
        return node(ML, "LinearRegressor", List.of(input), List.of(output))
                .addAttribute(floatList("coefficients", W))
                .addAttribute(floatList("intercepts", new float[] {B}))
                .addAttribute(integer("targets", 1));
    }

    private static OnnxMl.NodeProto.Builder zipMap(String input, List<String> classes, boolean stringKeys) {
        return node(ML, "ZipMap", List.of(input), List.of("output_probability")).addAttribute(stringKeys
                ? strings("classlabels_strings", classes)
                : ints("classlabels_int64s", classes.stream().mapToLong(Long::parseLong).toArray()));
    }

    /** Two trees (amount < 200; age < 30 then tenure < 2), weights on class 0 only as XGBoost writes them. */
    private static OnnxMl.NodeProto.Builder treeClassifier(String input) {
        return node(ML, "TreeEnsembleClassifier", List.of(input), List.of("label", "probabilities"))
                .addAttribute(ints("nodes_treeids", 0, 0, 0, 1, 1, 1, 1, 1))
                .addAttribute(ints("nodes_nodeids", 0, 1, 2, 0, 1, 2, 3, 4))
                .addAttribute(ints("nodes_featureids", 0, 0, 0, 1, 0, 2, 0, 0))
                .addAttribute(strings("nodes_modes", List.of("BRANCH_LT", "LEAF", "LEAF", "BRANCH_LT", "LEAF",
                        "BRANCH_LT", "LEAF", "LEAF")))
                .addAttribute(floatList("nodes_values", new float[] {200f, 0, 0, 30f, 0, 2f, 0, 0}))
                .addAttribute(ints("nodes_truenodeids", 1, 0, 0, 1, 0, 3, 0, 0))
                .addAttribute(ints("nodes_falsenodeids", 2, 0, 0, 2, 0, 4, 0, 0))
                .addAttribute(ints("nodes_missing_value_tracks_true", 0, 0, 0, 0, 0, 0, 0, 0))
                .addAttribute(ints("class_treeids", 0, 0, 1, 1, 1))
                .addAttribute(ints("class_nodeids", 1, 2, 1, 3, 4))
                .addAttribute(ints("class_ids", 0, 0, 0, 0, 0))
                .addAttribute(floatList("class_weights", new float[] {-0.4f, 0.6f, 0.3f, 0.2f, -0.5f}))
                .addAttribute(ints("classlabels_int64s", 0, 1))
                .addAttribute(floatList("base_values", new float[] {0f}))
                .addAttribute(string("post_transform", "LOGISTIC"));
    }

    private static OnnxMl.NodeProto.Builder node(String domain, String op, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder().setDomain(domain).setOpType(op).setName(op + "_" + outputs.get(0))
                .addAllInput(inputs).addAllOutput(outputs);
    }

    /** A tensor value info; -1 is a symbolic batch dimension. */
    private static OnnxMl.ValueInfoProto tensor(String name, int type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape)))
                .build();
    }

    /** seq(map(key, tensor(float))): what ZipMap produces. */
    private static OnnxMl.ValueInfoProto sequenceOfMaps(String name, int keyType) {
        OnnxMl.TypeProto value = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT)).build();
        OnnxMl.TypeProto map = OnnxMl.TypeProto.newBuilder()
                .setMapType(OnnxMl.TypeProto.Map.newBuilder().setKeyType(keyType).setValueType(value)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder()
                        .setElemType(map)))
                .build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    private static AttributeProto floatList(String name, float[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    private static AttributeProto strings(String name, List<String> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS)
                .addAllStrings(values.stream().map(v -> ByteString.copyFrom(v, StandardCharsets.UTF_8)).toList()).build();
    }

    private static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        Arrays.stream(dims).forEach(t::addDims);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static OnnxMl.TensorProto doubles(String name, long[] dims, double... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DOUBLE);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(values).forEach(t::addDoubleData);
        return t.build();
    }

    private static OnnxMl.TensorProto longs(String name, long[] dims, long... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(values).forEach(t::addInt64Data);
        return t.build();
    }

    private static float[] negate(float[] w) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = -w[i];
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.driftline.topology.enrich.window;

import ai.onnx.proto.OnnxMl;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.ModelBundle;
import java.util.List;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * A model that shows its features: an ONNX Identity graph whose manifest feeds it {@code agg.<name>} for each
 * aggregate and reads its output as "class scores" labelled by the aggregate names. Every prediction's
 * {@code scores} map is then the event's aggregates as the scorer saw them (as float32; a missing one as
 * {@code missing}), through the real topology, with no hook in production code.
 */
public final class AggregateEchoModel {

    /** Model name: the model-updates key. */
    public static final String MODEL = "aggregate-echo";

    private AggregateEchoModel() {
    }

    /**
     * The bundle.
     *
     * @param eventIdField event field that identifies events in predictions, or null for topic-partition-offset
     * @param missing      the value a missing aggregate (MEAN, MIN or MAX of nothing) is fed as
     */
    public static ModelBundle bundle(String version, List<AggregateSpec> specs, String eventIdField, double missing) {
        List<String> names = specs.stream().map(AggregateSpec::name).toList();
        ModelManifest manifest = ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR).setInputName("input")
                .setFeatures(names.stream().map(name -> FeatureSpec.newBuilder().setName(name).setField("agg." + name)
                        .setType(FeatureType.NUMERIC).setMissing(MissingPolicy.DEFAULT).setDefaultValue(missing)
                        .build()).toList())
                .setOutput(OutputSpec.newBuilder().setKind(OutputKind.MULTICLASS).setFormat(OutputFormat.TENSOR)
                        .setScoresName("output").setClassLabels(names).build())
                .setEventIdField(eventIdField)
                .build();
        try {
            return BundleBuilder.forModel(MODEL, version).onnx(identity(names.size())).manifest(manifest)
                    .description("echoes window aggregates (test)").build();
        } catch (BundleException e) {
            throw new IllegalStateException("echo bundle is invalid: " + e.getMessage(), e);
        }
    }

    private static byte[] identity(int features) {
        ONNXContext context = new ONNXContext();
        context.setName("driftline-aggregate-echo");
        ONNXPlaceholder input = context.floatInput("input", features);
        ONNXPlaceholder output = context.floatOutput("output", features);
        input.apply(ONNXOperators.IDENTITY).assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("driftline-test")
                .setGraph(context.buildGraph())
                .build().toByteArray();
    }
}

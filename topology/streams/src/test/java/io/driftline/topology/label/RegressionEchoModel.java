package io.driftline.topology.label;

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
import io.driftline.models.drift.PerformanceTests;
import io.driftline.models.profile.ProfileBuilder;
import java.util.Map;
import java.util.Random;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * A regression model whose prediction is the payment's amount (an ONNX Identity graph on one input), so that a
 * test knows every predicted value and can give labels with errors of its choosing. Its reference profile carries
 * the MAE and RMSE the test says it was measured with.
 */
final class RegressionEchoModel {

    static final String MODEL = "amount-echo";

    private RegressionEchoModel() {
    }

    static ModelBundle bundle(String version, double referenceMae, double referenceRmse) {
        ModelManifest manifest = ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR).setInputName("input")
                .setFeatures(java.util.List.of(FeatureSpec.newBuilder().setName("amount").setField("amount")
                        .setType(FeatureType.NUMERIC).setMissing(MissingPolicy.REJECT).setDefaultValue(0).build()))
                .setOutput(OutputSpec.newBuilder().setKind(OutputKind.REGRESSION).setFormat(OutputFormat.TENSOR)
                        .setScoresName("output").build())
                .setEventIdField("transactionId")
                .build();
        ProfileBuilder profile = new ProfileBuilder(manifest).withSketches();
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            double amount = Math.exp(3.5 + random.nextGaussian());
            profile.add(new double[] {amount}).addScore(amount);
        }
        profile.performance(Map.of(PerformanceTests.MAE, referenceMae, PerformanceTests.RMSE, referenceRmse));
        try {
            return BundleBuilder.forModel(MODEL, version).onnx(identity()).manifest(manifest)
                    .referenceProfile(profile.build()).description("predicts the amount it is given (test)").build();
        } catch (BundleException e) {
            throw new IllegalStateException("regression echo bundle is invalid: " + e.getMessage(), e);
        }
    }

    private static byte[] identity() {
        ONNXContext context = new ONNXContext();
        context.setName("driftline-regression-echo");
        ONNXPlaceholder input = context.floatInput("input", 1);
        ONNXPlaceholder output = context.floatOutput("output", 1);
        input.apply(ONNXOperators.IDENTITY).assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("driftline-test")
                .setGraph(context.buildGraph())
                .build().toByteArray();
    }
}

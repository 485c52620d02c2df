package io.driftline.devkit.payments;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Trains the demo's logistic regressions (the fraud model's two classes, the merchant category model's eight)
 * with Oracle Tribuo and exports them to ONNX.
 *
 * <p>Tribuo numbers features by sorting their names, and the exported ONNX input takes columns in that order.
 * Naming the features "f00", "f01", ... in manifest order makes the ONNX column order the manifest order.
 *
 * <p>SGD on the raw features (dollars next to 0/1 flags) is unstable: on the first, five-feature demo model the
 * AUC ranged from 0.58 to 0.86 over four seeds (0.26 to 0.87 over the optimisers tried), and on standardised
 * features it was 0.88 to 0.89 for every seed (0.93 for today's nine features). Tribuo's own TransformedModel cannot
 * be exported to ONNX, so the export puts the standardisation in front of Tribuo's graph with Tribuo's ONNX
 * builder: the ONNX model takes raw encoded features, as the manifest says.
 */
final class DemoTrainer {

    private static final int EPOCHS = 5;
    private static final int NO_LOGGING = -1;
    private static final int MINIBATCH = 1;
    // Tribuo logs each training run at INFO through java.util.logging; the demo trains at start-up and in tests,
    // so keep it to warnings. Held in a field: java.util.logging forgets the level of an unreferenced logger.
    private static final Logger TRIBUO_SGD_LOG = quiet("org.tribuo.common.sgd.AbstractSGDTrainer");

    /** A trained model with what a manifest needs to feed and read its ONNX export. */
    record Trained(LinearSGDModel model, Standardizer standardizer, byte[] onnx, String inputName,
                   String scoresName, List<String> classLabels) {
    }

    private final String graphName;
    private final String[] featureNames;

    /** A trainer for a graph named {@code graphName} (the ONNX graph's name) on {@code featureCount} features. */
    DemoTrainer(String graphName, int featureCount) {
        this.graphName = graphName;
        featureNames = new String[featureCount];
        for (int i = 0; i < featureCount; i++) {
            featureNames[i] = String.format("f%02d", i);
        }
    }

    Trained train(double[][] rows, String[] labels, long seed, long onnxVersion) {
        Standardizer standardizer = Standardizer.fit(rows);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("driftline demo transactions, seed " + seed, factory), factory);
        for (int i = 0; i < rows.length; i++) {
            data.add(new ArrayExample<>(new Label(labels[i]), featureNames, standardizer.apply(rows[i])));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS,
                NO_LOGGING, MINIBATCH, seed);
        LinearSGDModel model = trainer.train(data);
        checkFeatureOrder(model.getFeatureIDMap());
        OnnxMl.ModelProto proto = export(model, standardizer, onnxVersion);
        OnnxMl.GraphProto graph = proto.getGraph();
        return new Trained(model, standardizer, proto.toByteArray(), graph.getInput(0).getName(),
                graph.getOutput(0).getName(), classLabels(model.getOutputIDInfo()));
    }

    /** Tribuo's graph for the model, fed by (input - mean) * scale. */
    private OnnxMl.ModelProto export(LinearSGDModel model, Standardizer standardizer, long onnxVersion) {
        ONNXContext context = new ONNXContext();
        context.setName(graphName);
        ONNXPlaceholder input = context.floatInput(DemoModel.INPUT_NAME, featureNames.length);
        ONNXPlaceholder output = context.floatOutput(DemoModel.SCORES_NAME, model.getOutputIDInfo().size());
        ONNXInitializer mean = context.array("standardize_mean", standardizer.mean());
        ONNXInitializer scale = context.array("standardize_scale", standardizer.scale());
        ONNXNode standardized = input.apply(ONNXOperators.SUB, mean).apply(ONNXOperators.MUL, scale);
        model.writeONNXGraph(standardized).assignTo(output);
        return ONNXExportable.buildModel(context, "io.driftline.demo", onnxVersion, model);
    }

    /** Tribuo's probabilities for one raw encoded row, by class label in ONNX column order. */
    Map<String, Double> predict(Trained trained, double[] row) {
        Prediction<Label> prediction = trained.model().predict(
                new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, trained.standardizer().apply(row)));
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String label : trained.classLabels()) {
            scores.put(label, prediction.getOutputScores().get(label).getScore());
        }
        return scores;
    }

    private void checkFeatureOrder(ImmutableFeatureMap features) {
        // Guards the "f00" naming trick: a feature Tribuo never saw, or another order, would shift every column.
        for (int i = 0; i < featureNames.length; i++) {
            if (features.getID(featureNames[i]) != i) {
                throw new IllegalStateException("Tribuo numbered feature " + featureNames[i] + " as "
                        + features.getID(featureNames[i]) + ", expected " + i);
            }
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** Class labels in the order of the ONNX probability columns: Tribuo's output ids. */
    private static List<String> classLabels(ImmutableOutputInfo<Label> outputs) {
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            labels.add(outputs.getOutput(id).getLabel());
        }
        return labels;
    }
}

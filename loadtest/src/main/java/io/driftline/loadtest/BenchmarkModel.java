package io.driftline.loadtest;

import ai.onnx.proto.OnnxMl;
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
import io.driftline.models.profile.ProfileBuilder;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * The benchmark's model: a Tribuo logistic regression trained on {@link SyntheticData}, exported to ONNX, with a
 * reference profile (quantile bins and KLL sketches, from {@link ProfileBuilder}) and golden examples, as one
 * {@link ModelBundle} that the topology verifies and scores with ONNX Runtime.
 *
 * <p>Unlike the demo's trainer there is no standardisation in front of Tribuo's graph: the features are already
 * of unit scale (the lognormal ones and the segment index within a factor of a few), where SGD is stable.
 * Tribuo numbers features by sorting their names, and the ONNX input takes columns in that order, so Tribuo sees
 * them as {@code f00} to {@code f20} in manifest order (the manifest's own names would sort {@code segment} first).
 */
final class BenchmarkModel {

    /** Model name: the model-updates key and the drift reports' key. */
    static final String MODEL = "bench";
    /** The positive class, whose probability is the score. */
    static final String POSITIVE = "1";

    private static final String INPUT = "input";
    private static final String OUTPUT = "output";
    private static final int EPOCHS = 3;
    private static final int GOLDEN = 10;
    // Tribuo logs every training run at INFO through java.util.logging; held in a field so the level sticks.
    private static final Logger TRIBUO_SGD_LOG = quiet("org.tribuo.common.sgd.AbstractSGDTrainer");

    private BenchmarkModel() {
    }

    /**
     * Trains and bundles version "1".
     *
     * @param seed        seeds the training data, the profile's sample and the trainer
     * @param trainRows   rows to train on
     * @param profileRows rows of the reference profile, drawn after the training rows (a large sample keeps the
     *                    reference's own sampling error out of the drift tests)
     */
    static ModelBundle train(long seed, int trainRows, int profileRows) {
        SyntheticData data = new SyntheticData(seed);
        String[] featureNames = tribuoNames(SyntheticData.featureNames().size());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("driftline detector benchmark, seed " + seed, factory), factory);
        for (int i = 0; i < trainRows; i++) {
            double[] row = data.row(SyntheticData.Shift.NONE);
            dataset.add(new ArrayExample<>(new Label(data.label(row)), featureNames, row));
        }
        LinearSGDModel model = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS, -1, 1, seed)
                .train(dataset);
        checkFeatureOrder(model.getFeatureIDMap(), featureNames);
        List<String> classes = classLabels(model.getOutputIDInfo());
        ModelManifest manifest = manifest(classes);

        ProfileBuilder profile = new ProfileBuilder(manifest).withSketches();
        List<GoldenExample> golden = new ArrayList<>();
        for (int i = 0; i < profileRows; i++) {
            double[] row = data.row(SyntheticData.Shift.NONE);
            Map<String, Double> scores = predict(model, featureNames, classes, row);
            profile.add(row).addScore(scores.get(POSITIVE));
            if (i < GOLDEN) {
                golden.add(GoldenExample.newBuilder().setFeatures(Arrays.stream(row).boxed().toList())
                        .setExpectedScore(scores.get(POSITIVE)).setExpectedScores(scores).build());
            }
        }
        try {
            return BundleBuilder.forModel(MODEL, "1").onnx(export(model, featureNames.length).toByteArray())
                    .manifest(manifest).referenceProfile(profile.build()).goldenExamples(golden)
                    .description("Detector benchmark: Tribuo logistic regression on " + trainRows
                            + " synthetic rows, reference profile of " + profileRows + ", seed " + seed)
                    .publishedBy("driftline loadtest").build();
        } catch (BundleException e) {
            throw new IllegalStateException("the benchmark bundle is invalid: " + e.getMessage(), e);
        }
    }

    /** TENSOR input of the features in order; a BINARY tensor output whose score is P({@value #POSITIVE}). */
    static ModelManifest manifest(List<String> classLabels) {
        List<FeatureSpec> features = new ArrayList<>();
        for (int i = 0; i < SyntheticData.NUMERIC; i++) {
            String name = SyntheticData.numericName(i);
            features.add(FeatureSpec.newBuilder().setName(name).setField(name).setType(FeatureType.NUMERIC)
                    .setMissing(MissingPolicy.REJECT).setDefaultValue(0).build());
        }
        features.add(FeatureSpec.newBuilder().setName(SyntheticData.SEGMENT).setField(SyntheticData.SEGMENT)
                .setType(FeatureType.CATEGORICAL).setMissing(MissingPolicy.DEFAULT)
                .setDefaultValue(SyntheticData.SEGMENTS.size()).setVocabulary(SyntheticData.SEGMENTS).build());
        return ModelManifest.newBuilder().setInputMode(InputMode.TENSOR).setInputName(INPUT).setFeatures(features)
                .setOutput(OutputSpec.newBuilder().setKind(OutputKind.BINARY).setFormat(OutputFormat.TENSOR)
                        .setScoresName(OUTPUT).setClassLabels(classLabels).setPositiveClass(POSITIVE).build())
                .setEventIdField(SyntheticData.ID).build();
    }

    private static String[] tribuoNames(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = String.format("f%02d", i);
        }
        return names;
    }

    private static void checkFeatureOrder(ImmutableFeatureMap features, String[] names) {
        // A feature Tribuo never saw, or another order, would shift every ONNX column.
        for (int i = 0; i < names.length; i++) {
            if (features.getID(names[i]) != i) {
                throw new IllegalStateException("Tribuo numbered feature " + names[i] + " as "
                        + features.getID(names[i]) + ", expected " + i);
            }
        }
    }

    private static OnnxMl.ModelProto export(LinearSGDModel model, int width) {
        ONNXContext context = new ONNXContext();
        context.setName("driftline-detector-benchmark");
        ONNXPlaceholder input = context.floatInput(INPUT, width);
        ONNXPlaceholder output = context.floatOutput(OUTPUT, model.getOutputIDInfo().size());
        model.writeONNXGraph(input).assignTo(output);
        return ONNXExportable.buildModel(context, "io.driftline.loadtest", 1, model);
    }

    private static Map<String, Double> predict(LinearSGDModel model, String[] names, List<String> classes,
            double[] row) {
        Prediction<Label> prediction = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, row));
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String label : classes) {
            scores.put(label, prediction.getOutputScores().get(label).getScore());
        }
        return scores;
    }

    /** Class labels in the order of the ONNX probability columns: Tribuo's output ids. */
    private static List<String> classLabels(ImmutableOutputInfo<Label> outputs) {
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            labels.add(outputs.getOutput(id).getLabel());
        }
        return labels;
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }
}

package io.driftline.models.demo;

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
import io.driftline.models.features.FeatureEncoder;
import java.util.List;

/**
 * The demo's fraud model: a logistic regression on five transaction features, trained with Oracle Tribuo on
 * generated, labelled payments and shipped as an ONNX bundle with a reference profile and golden examples.
 */
public final class DemoModel {

    /** Model name: the model-updates key. */
    public static final String MODEL = "fraud";
    /** The positive class, whose probability is the score. */
    public static final String FRAUD = "fraud";
    /** The negative class. */
    public static final String LEGIT = "legit";
    /** ONNX input name of Tribuo's export: float [N, 5]. */
    public static final String INPUT_NAME = "input";
    /** ONNX output name of Tribuo's export: float [N, 2] probabilities. */
    public static final String SCORES_NAME = "output";
    /** Probability columns of the ONNX output, in Tribuo's output-id order. */
    public static final List<String> CLASS_LABELS = List.of(FRAUD, LEGIT);

    private DemoModel() {
    }

    /**
     * The manifest: TENSOR input {@value #INPUT_NAME} with amount, hourOfDay, distanceKm, cardPresent (numeric)
     * and merchantCategory (categorical, vocabulary {@link Transactions#CATEGORIES}); a BINARY tensor output whose
     * score is the probability of {@value #FRAUD}; events identified by transactionId.
     *
     * <p>Missing values: no amount rejects the event; no hour counts as noon; no distance takes the training mean
     * (so the manifest needs the bundle's reference profile); no cardPresent counts as not present; no category
     * counts as an unseen one.
     */
    public static ModelManifest manifest() {
        // The vocabulary is ordered by fraud risk: a linear model on a category index can only use the index
        // if the order means something. A one-hot encoding would not need this; the demo keeps one input tensor.
        List<String> vocabulary = Transactions.CATEGORIES;
        return ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR)
                .setInputName(INPUT_NAME)
                .setFeatures(List.of(
                        numeric("amount", MissingPolicy.REJECT, 0),
                        numeric("hourOfDay", MissingPolicy.DEFAULT, 12),
                        numeric("distanceKm", MissingPolicy.REFERENCE_MEAN, 0),
                        numeric("cardPresent", MissingPolicy.DEFAULT, 0),
                        FeatureSpec.newBuilder().setName("merchantCategory").setField("merchantCategory")
                                .setType(FeatureType.CATEGORICAL).setMissing(MissingPolicy.DEFAULT)
                                .setDefaultValue(vocabulary.size()).setVocabulary(vocabulary).build()))
                .setOutput(OutputSpec.newBuilder()
                        .setKind(OutputKind.BINARY).setFormat(OutputFormat.TENSOR)
                        .setScoresName(SCORES_NAME).setClassLabels(CLASS_LABELS).setPositiveClass(FRAUD).build())
                .setEventIdField("transactionId")
                .build();
    }

    private static FeatureSpec numeric(String name, MissingPolicy missing, double defaultValue) {
        return FeatureSpec.newBuilder().setName(name).setField(name).setType(FeatureType.NUMERIC)
                .setMissing(missing).setDefaultValue(defaultValue).build();
    }

    /**
     * Trains a model version on {@code rows} generated payments and bundles it.
     *
     * @param seed seeds the data and the trainer: the same seed gives the same coefficients, another seed others
     * @param rows training rows, at least 100; 5,000 train in well under a second
     * @throws IllegalArgumentException when rows is too small or the sample holds no fraud
     */
    public static ModelBundle train(String version, long seed, int rows) {
        return bundle(new DemoTraining(manifest(), seed).run(rows, version), version, seed, rows);
    }

    static ModelBundle bundle(DemoTraining.Result result, String version, long seed, int rows) {
        try {
            return BundleBuilder.forModel(MODEL, version)
                    .onnx(result.onnx())
                    .manifest(manifest())
                    .referenceProfile(result.profile())
                    .goldenExamples(result.golden())
                    .description("Demo fraud model: Tribuo logistic regression on " + rows
                            + " generated transactions, seed " + seed)
                    .publishedBy("driftline demo")
                    .build();
        } catch (BundleException e) {
            throw new IllegalStateException("the demo bundle is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * The encoder that training uses: the manifest's, with every missing policy REJECT, because a training row
     * with a hole is a generator bug, and REFERENCE_MEAN needs the profile that training is about to compute.
     */
    static FeatureEncoder trainingEncoder() {
        ModelManifest strict = manifest(); // a fresh object: changing it changes nothing else
        strict.getFeatures().forEach(f -> f.setMissing(MissingPolicy.REJECT));
        return new FeatureEncoder(strict, null);
    }
}

package io.driftline.devkit.payments;

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
import java.time.Duration;
import java.util.List;

/**
 * The demo's fraud model: a logistic regression on the payment's own fields, its card's profile and two per-card
 * window aggregates, trained with Oracle Tribuo on generated, labelled payments enriched as the service enriches
 * them, and shipped as an ONNX bundle with a reference profile and golden examples.
 *
 * <p>The service must compute the aggregates the model reads: configure {@code enrich.aggregates} as
 * {@link #AGGREGATES}, and publish the cards' profiles to the entity-profiles topic keyed by card id.
 */
public final class DemoModel {

    /** Model name: the model-updates key. */
    public static final String MODEL = "fraud";
    /** The positive class, whose probability is the score. */
    public static final String FRAUD = "fraud";
    /** The negative class. */
    public static final String LEGIT = "legit";
    /** ONNX input name of Tribuo's export: float [N, features]. */
    public static final String INPUT_NAME = "input";
    /** ONNX output name of Tribuo's export: float [N, 2] probabilities. */
    public static final String SCORES_NAME = "output";
    /** Probability columns of the ONNX output, in Tribuo's output-id order. */
    public static final List<String> CLASS_LABELS = List.of(FRAUD, LEGIT);
    /**
     * The window aggregates the model reads, as the service's {@code enrich.aggregates} value: per card, the
     * number of payments and their total amount in the last ten minutes, this payment included.
     */
    public static final String AGGREGATES = "txn_count_10m=count(amount)@10m,amount_sum_10m=sum(amount)@10m";

    private static final List<WindowAggregates.Spec> AGGREGATE_SPECS = List.of(
            new WindowAggregates.Spec("txn_count_10m", WindowAggregates.Function.COUNT, "amount", Duration.ofMinutes(10)),
            new WindowAggregates.Spec("amount_sum_10m", WindowAggregates.Function.SUM, "amount", Duration.ofMinutes(10)));

    private DemoModel() {
    }

    /** {@link #AGGREGATES} as specs, for computing them offline with {@link WindowAggregates}. */
    public static List<WindowAggregates.Spec> aggregateSpecs() {
        return AGGREGATE_SPECS;
    }

    /**
     * The manifest: TENSOR input {@value #INPUT_NAME} with, in order,
     * <ul>
     *   <li>event fields amount, hourOfDay, distanceKm, cardPresent (numeric) and merchantCategory (categorical,
     *       vocabulary {@link Transactions#CATEGORIES});
     *   <li>profile fields creditLimit and cardAgeDays ({@code profile.creditLimit}, {@code profile.cardAgeDays});
     *   <li>aggregates txn_count_10m and amount_sum_10m ({@code agg.txn_count_10m}, {@code agg.amount_sum_10m});
     * </ul>
     * a BINARY tensor output whose score is the probability of {@value #FRAUD}; events identified by
     * transactionId.
     *
     * <p>Missing values: no amount rejects the event; no hour counts as noon; no distance takes the training mean;
     * no cardPresent counts as not present; no category counts as an unseen one. A card without a profile scores
     * with the training means of its fields. Without aggregates (a service not configured with
     * {@link #AGGREGATES}) the payment counts as the card's only one in ten minutes, and the amount sum takes its
     * training mean. REFERENCE_MEAN needs the bundle's reference profile.
     */
    public static ModelManifest manifest() {
        // The vocabulary is ordered by fraud risk: a linear model on a category index can only use the index
        // if the order means something. A one-hot encoding would not need this; the demo keeps one input tensor.
        List<String> vocabulary = Transactions.CATEGORIES;
        return ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR)
                .setInputName(INPUT_NAME)
                .setFeatures(List.of(
                        numeric("amount", "amount", MissingPolicy.REJECT, 0),
                        numeric("hourOfDay", "hourOfDay", MissingPolicy.DEFAULT, 12),
                        numeric("distanceKm", "distanceKm", MissingPolicy.REFERENCE_MEAN, 0),
                        numeric("cardPresent", "cardPresent", MissingPolicy.DEFAULT, 0),
                        FeatureSpec.newBuilder().setName("merchantCategory").setField("merchantCategory")
                                .setType(FeatureType.CATEGORICAL).setMissing(MissingPolicy.DEFAULT)
                                .setDefaultValue(vocabulary.size()).setVocabulary(vocabulary).build(),
                        numeric("creditLimit", "profile.creditLimit", MissingPolicy.REFERENCE_MEAN, 0),
                        numeric("cardAgeDays", "profile.cardAgeDays", MissingPolicy.REFERENCE_MEAN, 0),
                        numeric("txn_count_10m", "agg.txn_count_10m", MissingPolicy.DEFAULT, 1),
                        numeric("amount_sum_10m", "agg.amount_sum_10m", MissingPolicy.REFERENCE_MEAN, 0)))
                .setOutput(OutputSpec.newBuilder()
                        .setKind(OutputKind.BINARY).setFormat(OutputFormat.TENSOR)
                        .setScoresName(SCORES_NAME).setClassLabels(CLASS_LABELS).setPositiveClass(FRAUD).build())
                .setEventIdField("transactionId")
                .build();
    }

    private static FeatureSpec numeric(String name, String field, MissingPolicy missing, double defaultValue) {
        return FeatureSpec.newBuilder().setName(name).setField(field).setType(FeatureType.NUMERIC)
                .setMissing(missing).setDefaultValue(defaultValue).build();
    }

    /**
     * Trains a model version on {@code rows} generated payments and bundles it.
     *
     * @param seed seeds the data (cards and payments) and the trainer: the same seed gives the same coefficients,
     *     another seed others
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
                            + " generated card payments with profiles and window aggregates (" + AGGREGATES + "), seed "
                            + seed)
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

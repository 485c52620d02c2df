package io.driftline.devkit.payments;

import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.PerformanceStats;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.profile.ProfileBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * One training run of the demo model: simulate and label payments, enrich them as the service would
 * ({@link DemoData}), encode them with the manifest's {@link FeatureEncoder}, train, profile, pick golden
 * examples.
 */
final class DemoTraining {

    static final int MIN_ROWS = 100;
    private static final int GOLDEN_COUNT = 20;
    private static final int GOLDEN_POOL = 400;
    private static final int HELD_OUT = 4_000;

    /** What a run produces for the bundle, and Tribuo's model for parity checks. */
    record Result(byte[] onnx, ReferenceProfile profile, List<GoldenExample> golden, DemoTrainer trainer,
                  DemoTrainer.Trained trained) {

        /** Tribuo's class probabilities for a raw encoded row. */
        Map<String, Double> tribuoScores(double[] row) {
            return trainer.predict(trained, row);
        }
    }

    private final ModelManifest manifest;
    private final long seed;
    private final DemoData data;
    private final FeatureEncoder encoder = DemoModel.trainingEncoder();
    private final DemoTrainer trainer;

    DemoTraining(ModelManifest manifest, long seed) {
        this.manifest = manifest;
        this.seed = seed;
        this.data = new DemoData(seed);
        this.trainer = new DemoTrainer("driftline-demo-fraud", encoder.size());
    }

    Result run(int rows, String version) {
        if (rows < MIN_ROWS) {
            throw new IllegalArgumentException("the demo model needs at least " + MIN_ROWS + " training rows: " + rows);
        }
        double[][] x = new double[rows][];
        String[] y = new String[rows];
        int frauds = 0;
        for (int i = 0; i < rows; i++) {
            DemoData.Row row = data.next();
            x[i] = encode(row.view());
            y[i] = row.fraud() ? DemoModel.FRAUD : DemoModel.LEGIT;
            frauds += row.fraud() ? 1 : 0;
        }
        if (frauds == 0 || frauds == rows) {
            throw new IllegalArgumentException("the " + rows + " training rows of seed " + seed + " hold " + frauds
                    + " fraud cases; both classes are needed, use more rows");
        }
        DemoTrainer.Trained trained = trainer.train(x, y, seed, onnxVersion(version));
        checkAgainstManifest(trained);
        // KLL sketches too: the window statistics' KS and Wasserstein tests compare against them.
        ProfileBuilder profile = new ProfileBuilder(manifest).withSketches();
        for (double[] row : x) {
            profile.add(row).addScore(trainer.predict(trained, row).get(DemoModel.FRAUD));
        }
        profile.performance(heldOut(trained).values());
        return new Result(trained.onnx(), profile.build(), golden(trained), trainer, trained);
    }

    /**
     * The model's performance on the payments that follow the training rows: the reference that windows of
     * labelled predictions are judged against.
     */
    private PerformanceStats heldOut(DemoTrainer.Trained trained) {
        PerformanceStats stats = new PerformanceStats();
        for (int i = 0; i < HELD_OUT; i++) {
            DemoData.Row row = data.next();
            Map<String, Double> scores = trainer.predict(trained, encode(row.view()));
            double fraud = scores.get(DemoModel.FRAUD);
            boolean predictedFraud = fraud > scores.get(DemoModel.LEGIT);
            stats.addClassification(predictedFraud == row.fraud(), row.fraud() ? fraud : 1 - fraud, fraud, row.fraud());
        }
        return stats;
    }

    /**
     * Golden examples spread over the score range: score a pool of the payments that follow, sort by score, and take
     * evenly spaced ones, so that both near-zero and high fraud scores are checked.
     */
    private List<GoldenExample> golden(DemoTrainer.Trained trained) {
        List<GoldenExample> pool = new ArrayList<>(GOLDEN_POOL);
        for (int i = 0; i < GOLDEN_POOL; i++) {
            double[] row = encode(data.next().view());
            Map<String, Double> scores = trainer.predict(trained, row);
            String label = scores.get(DemoModel.FRAUD) > scores.get(DemoModel.LEGIT) ? DemoModel.FRAUD : DemoModel.LEGIT;
            pool.add(GoldenExample.newBuilder()
                    .setFeatures(Arrays.stream(row).boxed().toList())
                    .setExpectedScore(scores.get(DemoModel.FRAUD)).setExpectedScores(scores).setExpectedLabel(label)
                    .build());
        }
        pool.sort(Comparator.comparingDouble(GoldenExample::getExpectedScore));
        List<GoldenExample> golden = new ArrayList<>(GOLDEN_COUNT);
        for (int i = 0; i < GOLDEN_COUNT; i++) {
            golden.add(pool.get(i * (GOLDEN_POOL - 1) / (GOLDEN_COUNT - 1)));
        }
        return golden;
    }

    /** Encodes as floats, then widens: Tribuo trains on exactly the values the float ONNX input will hold. */
    private double[] encode(GenericRecord view) {
        float[] floats = encoder.encodeFloats(view);
        double[] row = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            row[i] = floats[i];
        }
        return row;
    }

    private static void checkAgainstManifest(DemoTrainer.Trained trained) {
        if (!trained.inputName().equals(DemoModel.INPUT_NAME) || !trained.scoresName().equals(DemoModel.SCORES_NAME)
                || !trained.classLabels().equals(DemoModel.CLASS_LABELS)) {
            throw new IllegalStateException("Tribuo's ONNX export changed: input " + trained.inputName() + ", output "
                    + trained.scoresName() + ", classes " + trained.classLabels() + "; the demo manifest says "
                    + DemoModel.INPUT_NAME + ", " + DemoModel.SCORES_NAME + ", " + DemoModel.CLASS_LABELS);
        }
    }

    /** The ONNX model_version field: the version label when it is a number, else 0. */
    private static long onnxVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

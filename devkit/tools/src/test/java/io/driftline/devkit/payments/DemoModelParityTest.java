package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftline.GoldenExample;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.features.FeatureEncoder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX model, run in ONNX Runtime as the service runs it, must agree with the Tribuo model that
 * produced it, and must be a real model.
 */
class DemoModelParityTest {

    private static final double TOLERANCE = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static DemoTraining.Result v1;
    private static ModelBundle v1Bundle;
    private static OrtSession v1Session;
    private static OrtSession v2Session;
    private static FeatureEncoder encoder;

    @BeforeAll
    static void train() throws Exception {
        v1 = new DemoTraining(DemoModel.manifest(), 11).run(5_000, "1");
        v1Bundle = DemoModel.bundle(v1, "1", 11, 5_000);
        v1Session = ENV.createSession(v1Bundle.loadOnnx(), new OrtSession.SessionOptions());
        v2Session = ENV.createSession(DemoModel.train("2", 22, 5_000).loadOnnx(), new OrtSession.SessionOptions());
        encoder = new FeatureEncoder(v1Bundle.manifest(), v1Bundle.referenceProfile());
    }

    @AfterAll
    static void close() throws Exception {
        v1Session.close();
        v2Session.close();
    }

    @Test
    void shouldTakeFloatBatchesOfNineFeaturesAndGiveTwoProbabilities() throws Exception {
        NodeInfo input = v1Session.getInputInfo().get("input");
        NodeInfo output = v1Session.getOutputInfo().get("output");

        assertThat(v1Session.getInputNames()).containsExactly("input");
        assertThat(v1Session.getOutputNames()).containsExactly("output");
        assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, 9);
        assertThat(((TensorInfo) input.getInfo()).type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
        assertThat(((TensorInfo) output.getInfo()).getShape()).containsExactly(-1, 2);
    }

    @Test
    void shouldReproduceTheGoldenExamplesInOnnxRuntime() throws Exception {
        List<GoldenExample> golden = v1Bundle.goldenExamples();
        float[][] rows = golden.stream().map(g -> toFloats(g.getFeatures())).toArray(float[][]::new);

        float[][] scores = run(v1Session, rows);

        for (int i = 0; i < golden.size(); i++) {
            GoldenExample example = golden.get(i);
            assertThat((double) scores[i][0]).as("fraud score of golden example %d", i)
                    .isCloseTo(example.getExpectedScore(), within(TOLERANCE));
            assertThat((double) scores[i][1]).isCloseTo(example.getExpectedScores().get("legit"), within(TOLERANCE));
            assertThat(scores[i][0] > scores[i][1] ? "fraud" : "legit").isEqualTo(example.getExpectedLabel());
        }
    }

    @Test
    void shouldAgreeWithTribuoOnFreshRows() throws Exception {
        float[][] rows = sample(new DemoData(2024), 1_000).rows();

        float[][] onnx = run(v1Session, rows);

        double worst = 0;
        for (int i = 0; i < rows.length; i++) {
            Map<String, Double> tribuo = v1.tribuoScores(toDoubles(rows[i]));
            worst = Math.max(worst, Math.abs(onnx[i][0] - tribuo.get("fraud")));
            worst = Math.max(worst, Math.abs(onnx[i][1] - tribuo.get("legit")));
        }
        assertThat(worst).as("largest |ONNX - Tribuo| over 1,000 rows").isLessThan(TOLERANCE);
    }

    @Test
    void shouldBeatTheTrivialBaseline() throws Exception {
        Sample sample = sample(new DemoData(77), 20_000);

        float[][] scores = run(v1Session, sample.rows());

        double[] fraud = Arrays.stream(scores).mapToDouble(s -> s[0]).toArray();
        assertThat(auc(fraud, sample.fraud())).as("AUC on held-out cards and payments; a constant score has 0.5")
                .isGreaterThan(0.9);
        double baseRate = IntStream.range(0, fraud.length).filter(i -> sample.fraud()[i]).count() / (double) fraud.length;
        assertThat(logLoss(fraud, sample.fraud())).as("log-loss against the base-rate predictor's")
                .isLessThan(0.85 * logLoss(constant(baseRate, fraud.length), sample.fraud()));
    }

    @Test
    void shouldScoreDifferentlyForDifferentSeeds() throws Exception {
        float[][] rows = sample(new DemoData(5), 2_000).rows();

        float[][] first = run(v1Session, rows);
        float[][] second = run(v2Session, rows);

        double meanScore = 0;
        double meanDifference = 0;
        for (int i = 0; i < rows.length; i++) {
            meanScore += first[i][0] / rows.length;
            meanDifference += Math.abs(first[i][0] - second[i][0]) / rows.length;
        }
        assertThat(meanDifference).as("mean |v1 - v2| fraud score").isGreaterThan(0.1 * meanScore);
    }

    @Test
    void shouldTrainTheSameModelForTheSameSeed() throws Exception {
        float[][] rows = sample(new DemoData(5), 100).rows();
        try (OrtSession again = ENV.createSession(DemoModel.train("1", 11, 5_000).loadOnnx(),
                new OrtSession.SessionOptions())) {
            assertThat(run(again, rows)).isDeepEqualTo(run(v1Session, rows));
        }
    }

    private record Sample(float[][] rows, boolean[] fraud) {
    }

    private static Sample sample(DemoData data, int n) {
        float[][] rows = new float[n][];
        boolean[] fraud = new boolean[n];
        for (int i = 0; i < n; i++) {
            DemoData.Row row = data.next();
            rows[i] = encoder.encodeFloats(row.view());
            fraud[i] = row.fraud();
        }
        return new Sample(rows, fraud);
    }

    private static float[][] run(OrtSession session, float[][] rows) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, rows);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** Area under the ROC curve: the chance that a random fraud scores above a random legit payment. */
    private static double auc(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int rank = 0; rank < order.length; rank++) {
            if (positive[order[rank]]) {
                rankSum += rank + 1;
                positives++;
            }
        }
        long negatives = scores.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double logLoss(double[] p, boolean[] positive) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(Math.max(p[i], 1e-12), 1 - 1e-12);
            sum -= positive[i] ? Math.log(q) : Math.log(1 - q);
        }
        return sum / p.length;
    }

    private static double[] constant(double value, int n) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}

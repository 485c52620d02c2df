package io.driftline.models.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A model's performance on labelled predictions, kept so that the statistics of several tasks merge into the
 * window's: counts and sums for accuracy, log-loss, MAE and RMSE, and for the area under the ROC curve of a binary
 * classifier one KLL sketch of the positive-class score per true class.
 *
 * <p>AUC is the Mann-Whitney probability that a positive scores above a negative (ties count half), read off the
 * two sketches: exact while each class holds at most {@link KllSketches#K} scores (the sketch keeps them all),
 * else within the sketches' rank error (about 1.7% at 99% confidence). Log-loss clips probabilities to
 * [{@value #EPSILON}, 1 - {@value #EPSILON}] as scikit-learn does. Mutable; one thread owns it.
 */
public final class PerformanceStats {

    /** Probabilities are clipped to this far from 0 and 1 for the log-loss. */
    public static final double EPSILON = 1e-15;
    /** Layout 2 adds the sums of squares the significance of a change needs; layout 1 reads with them unknown. */
    private static final byte VERSION = 2;

    private long classified;
    private long correct;
    private long withProbability;
    private double logLossSum;
    private double logLossSquares;
    private final KllDoublesSketch positiveScores;
    private final KllDoublesSketch negativeScores;
    private long regressed;
    private double absoluteErrorSum;
    private double squaredErrorSum;
    private double quarticErrorSum;

    public PerformanceStats() {
        this(KllSketches.newSketch(), KllSketches.newSketch());
    }

    private PerformanceStats(KllDoublesSketch positiveScores, KllDoublesSketch negativeScores) {
        this.positiveScores = positiveScores;
        this.negativeScores = negativeScores;
    }

    /**
     * Counts one labelled prediction of a classifier.
     *
     * @param correct                whether the predicted label is the true one
     * @param trueClassProbability   the probability the model gave the true class, or NaN when it gave none
     * @param positiveScore          a binary classifier's positive-class score, or NaN for other classifiers
     * @param positive               whether the true class is the positive one (binary classifiers)
     */
    public void addClassification(boolean correct, double trueClassProbability, double positiveScore,
            boolean positive) {
        classified++;
        if (correct) {
            this.correct++;
        }
        if (!Double.isNaN(trueClassProbability)) {
            withProbability++;
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, trueClassProbability));
            double loss = -Math.log(p);
            logLossSum += loss;
            logLossSquares += loss * loss;
        }
        if (!Double.isNaN(positiveScore)) {
            (positive ? positiveScores : negativeScores).update(positiveScore);
        }
    }

    /** Counts one labelled prediction of a regression model. */
    public void addRegression(double predicted, double actual) {
        double error = predicted - actual;
        if (!Double.isFinite(error)) {
            return;
        }
        regressed++;
        absoluteErrorSum += Math.abs(error);
        squaredErrorSum += error * error;
        quarticErrorSum += error * error * error * error;
    }

    /** Adds another task's statistics of the same window. */
    public void merge(PerformanceStats other) {
        classified += other.classified;
        correct += other.correct;
        withProbability += other.withProbability;
        logLossSum += other.logLossSum;
        logLossSquares += other.logLossSquares;
        positiveScores.merge(other.positiveScores);
        negativeScores.merge(other.negativeScores);
        regressed += other.regressed;
        absoluteErrorSum += other.absoluteErrorSum;
        squaredErrorSum += other.squaredErrorSum;
        quarticErrorSum += other.quarticErrorSum;
    }

    /** Labelled predictions counted. */
    public long count() {
        return classified + regressed;
    }

    /** Share of classifications whose predicted label was the true one; NaN without any. */
    public double accuracy() {
        return classified == 0 ? Double.NaN : (double) correct / classified;
    }

    /** Mean negative log of the probability given to the true class; NaN without any probability. */
    public double logLoss() {
        return withProbability == 0 ? Double.NaN : logLossSum / withProbability;
    }

    /** Area under the ROC curve of the positive-class score; NaN unless both classes were seen. */
    public double auc() {
        if (positiveScores.isEmpty() || negativeScores.isEmpty()) {
            return Double.NaN;
        }
        DoublesSortedView positives = positiveScores.getSortedView();
        DoublesSortedViewIterator it = positives.iterator();
        double sum = 0;
        long total = positives.getN();
        while (it.next()) {
            double score = it.getQuantile();
            double below = negativeScores.getRank(score, QuantileSearchCriteria.EXCLUSIVE);
            double atOrBelow = negativeScores.getRank(score, QuantileSearchCriteria.INCLUSIVE);
            sum += it.getWeight() * (below + 0.5 * (atOrBelow - below));
        }
        return sum / total;
    }

    /** Labelled predictions of each true class of a binary classifier: positives, negatives. */
    public long positives() {
        return positiveScores.getN();
    }

    public long negatives() {
        return negativeScores.getN();
    }

    /** Mean absolute error of a regression model; NaN without any. */
    public double mae() {
        return regressed == 0 ? Double.NaN : absoluteErrorSum / regressed;
    }

    /** Root mean squared error of a regression model; NaN without any. */
    public double rmse() {
        return regressed == 0 ? Double.NaN : Math.sqrt(squaredErrorSum / regressed);
    }

    /**
     * The standard error of a metric's value on this window, for the significance of a change: NaN when it is not
     * known (statistics written in layout 1) or the metric has no value. Accuracy's is not here: under the null it
     * comes from the reference accuracy (see {@link PerformanceTests}), and so does AUC's.
     */
    public double standardError(String metric) {
        return switch (metric) {
            case PerformanceTests.LOG_LOSS -> meanError(logLossSum, logLossSquares, withProbability);
            case PerformanceTests.MAE -> meanError(absoluteErrorSum, squaredErrorSum, regressed);
            case PerformanceTests.RMSE -> {
                // Delta method: the MSE's standard error over twice the RMSE.
                double mseError = meanError(squaredErrorSum, quarticErrorSum, regressed);
                yield mseError / (2 * rmse());
            }
            default -> Double.NaN;
        };
    }

    private static double meanError(double sum, double squares, long n) {
        if (n < 2 || Double.isNaN(squares)) {
            return Double.NaN;
        }
        double mean = sum / n;
        double variance = Math.max(0, squares / n - mean * mean);
        return Math.sqrt(variance / n);
    }

    /** Every metric that has a value, by {@link PerformanceTests} name. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        put(out, PerformanceTests.ACCURACY, accuracy());
        put(out, PerformanceTests.LOG_LOSS, logLoss());
        put(out, PerformanceTests.AUC, auc());
        put(out, PerformanceTests.MAE, mae());
        put(out, PerformanceTests.RMSE, rmse());
        return out;
    }

    private static void put(Map<String, Double> out, String name, double value) {
        if (!Double.isNaN(value)) {
            out.put(name, value);
        }
    }

    /** Writes a versioned binary form. */
    public void write(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(classified);
        out.writeLong(correct);
        out.writeLong(withProbability);
        out.writeDouble(logLossSum);
        KllSketches.write(out, positiveScores);
        KllSketches.write(out, negativeScores);
        out.writeLong(regressed);
        out.writeDouble(absoluteErrorSum);
        out.writeDouble(squaredErrorSum);
        out.writeDouble(logLossSquares);
        out.writeDouble(quarticErrorSum);
    }

    /** Reads what {@link #write} wrote. */
    public static PerformanceStats read(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != 1 && version != VERSION) {
            throw new IOException("unknown performance statistics layout version " + version);
        }
        long classified = in.readLong();
        long correct = in.readLong();
        long withProbability = in.readLong();
        double logLossSum = in.readDouble();
        PerformanceStats stats = new PerformanceStats(KllSketches.read(in), KllSketches.read(in));
        stats.classified = classified;
        stats.correct = correct;
        stats.withProbability = withProbability;
        stats.logLossSum = logLossSum;
        stats.regressed = in.readLong();
        stats.absoluteErrorSum = in.readDouble();
        stats.squaredErrorSum = in.readDouble();
        stats.logLossSquares = version == 1 ? Double.NaN : in.readDouble();
        stats.quarticErrorSum = version == 1 ? Double.NaN : in.readDouble();
        return stats;
    }


}

package io.driftline.models.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A challenger (shadow) model compared with its champion on the same events, over one window: how often their
 * predicted labels agree, how their scores correlate (Pearson), and how far apart the two score distributions are
 * (the two-sample Kolmogorov-Smirnov statistic on KLL sketches of each, with its p-value). Mergeable, like every
 * window statistic: tasks keep one per partition and the merge adds them up.
 *
 * <p>The co-moments are kept as Welford and Chan et al. update and merge them (means, sums of squared deviations and
 * of cross-deviations), so that scores of any scale keep their precision; the sketches carry the
 * rank error {@link KllSketches} states.
 */
public final class ChallengerComparison {

    /**
     * What the comparison says about a window; NaN where there is nothing to say (no pairs, no labels).
     *
     * @param pairedLabelled        events both scored whose true outcome arrived in the window
     * @param performanceMetric     "accuracy" (classification) or "mae" (regression) on those, null without any
     * @param performancePValue     two-sided p-value of the difference on the same events: McNemar's exact test
     *                              (classification), the paired t-test on absolute errors (regression)
     */
    public record Result(String championVersion, long events, long labelled, double agreementRate,
                         double scoreCorrelation, double scoreKs, double scoreKsPValue, long pairedLabelled,
                         String performanceMetric, double championPerformance, double challengerPerformance,
                         double performancePValue, long championOnlyCorrect, long challengerOnlyCorrect) {
    }

    private String championVersion;
    private long count;
    private double meanX;
    private double meanY;
    private double m2X;
    private double m2Y;
    private double cXY;
    private long labelled;
    private long agreed;
    private final KllDoublesSketch champion;
    private final KllDoublesSketch challenger;
    // Labelled pairs, classification: right/wrong of each (McNemar's discordant pairs are championOnly, challengerOnly).
    private long bothRight;
    private long championOnly;
    private long challengerOnly;
    private long bothWrong;
    // Labelled pairs, regression: absolute errors of each, and their difference (challenger - champion), Welford.
    private long regressed;
    private double championAbsErrorMean;
    private double challengerAbsErrorMean;
    private double diffMean;
    private double diffM2;

    public ChallengerComparison() {
        this(null, 0, 0, 0, 0, 0, 0, 0, 0, KllSketches.newSketch(), KllSketches.newSketch());
    }

    /** Adds one labelled pair of a classifier: whether each got the true class. */
    public void addLabelledClass(boolean championCorrect, boolean challengerCorrect) {
        if (championCorrect && challengerCorrect) {
            bothRight++;
        } else if (championCorrect) {
            championOnly++;
        } else if (challengerCorrect) {
            challengerOnly++;
        } else {
            bothWrong++;
        }
    }

    /** Adds one labelled pair of a regression model: the two predictions and the true value. */
    public void addLabelledValue(double championPrediction, double challengerPrediction, double actual) {
        double a = Math.abs(championPrediction - actual);
        double b = Math.abs(challengerPrediction - actual);
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return;
        }
        regressed++;
        championAbsErrorMean += (a - championAbsErrorMean) / regressed;
        challengerAbsErrorMean += (b - challengerAbsErrorMean) / regressed;
        double d = b - a;
        double delta = d - diffMean;
        diffMean += delta / regressed;
        diffM2 += delta * (d - diffMean);
    }

    private ChallengerComparison(String championVersion, long count, double meanX, double meanY, double m2X,
                                 double m2Y, double cXY, long labelled, long agreed, KllDoublesSketch champion,
                                 KllDoublesSketch challenger) {
        this.championVersion = championVersion;
        this.count = count;
        this.meanX = meanX;
        this.meanY = meanY;
        this.m2X = m2X;
        this.m2Y = m2Y;
        this.cXY = cXY;
        this.labelled = labelled;
        this.agreed = agreed;
        this.champion = champion;
        this.challenger = challenger;
    }

    /**
     * Adds one event both scored: the champion's score and label, the challenger's (labels null for regression).
     * Non-finite scores are left out.
     */
    public void add(String championVersion, double championScore, String championLabel, double challengerScore,
                    String challengerLabel) {
        if (!Double.isFinite(championScore) || !Double.isFinite(challengerScore)) {
            return;
        }
        this.championVersion = championVersion;
        count++;
        double dx = championScore - meanX;
        meanX += dx / count;
        double dy = challengerScore - meanY;
        meanY += dy / count;
        m2X += dx * (championScore - meanX);
        m2Y += dy * (challengerScore - meanY);
        cXY += dx * (challengerScore - meanY);
        champion.update(championScore);
        challenger.update(challengerScore);
        if (championLabel != null && challengerLabel != null) {
            labelled++;
            if (championLabel.equals(challengerLabel)) {
                agreed++;
            }
        }
    }

    /** Adds another task's comparison of the same window. */
    public void merge(ChallengerComparison other) {
        // Labels count in the window of their arrival: a part may hold labelled pairs and no scored ones.
        mergeLabelled(other);
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            championVersion = other.championVersion;
        }
        long n = count + other.count;
        double dx = other.meanX - meanX;
        double dy = other.meanY - meanY;
        double weight = (double) count * other.count / n;
        m2X += other.m2X + dx * dx * weight;
        m2Y += other.m2Y + dy * dy * weight;
        cXY += other.cXY + dx * dy * weight;
        meanX += dx * other.count / n;
        meanY += dy * other.count / n;
        count = n;
        labelled += other.labelled;
        agreed += other.agreed;
        champion.merge(other.champion);
        challenger.merge(other.challenger);
        if (other.championVersion != null) {
            championVersion = other.championVersion;
        }
    }

    private void mergeLabelled(ChallengerComparison other) {
        bothRight += other.bothRight;
        championOnly += other.championOnly;
        challengerOnly += other.challengerOnly;
        bothWrong += other.bothWrong;
        if (other.regressed == 0) {
            return;
        }
        long n = regressed + other.regressed;
        double delta = other.diffMean - diffMean;
        diffM2 += other.diffM2 + delta * delta * ((double) regressed * other.regressed / n);
        diffMean += delta * other.regressed / n;
        championAbsErrorMean += (other.championAbsErrorMean - championAbsErrorMean) * other.regressed / n;
        challengerAbsErrorMean += (other.challengerAbsErrorMean - challengerAbsErrorMean) * other.regressed / n;
        regressed = n;
    }

    /** Events both scored so far. */
    public long events() {
        return count;
    }

    /** The figures of the window. */
    public Result result() {
        double agreement = labelled == 0 ? Double.NaN : (double) agreed / labelled;
        double correlation = count < 2 || m2X <= 0 || m2Y <= 0 ? Double.NaN : cXY / Math.sqrt(m2X * m2Y);
        double ks = Double.NaN;
        double p = Double.NaN;
        if (count > 0) {
            KolmogorovSmirnov.Result test = KolmogorovSmirnov.test(champion, challenger);
            ks = test.statistic();
            p = test.pValue();
        }
        long classified = bothRight + championOnly + challengerOnly + bothWrong;
        long paired = classified + regressed;
        String metric = classified > 0 ? "accuracy" : regressed > 0 ? "mae" : null;
        double championPerformance = Double.NaN;
        double challengerPerformance = Double.NaN;
        double performanceP = Double.NaN;
        if (classified > 0) {
            championPerformance = (double) (bothRight + championOnly) / classified;
            challengerPerformance = (double) (bothRight + challengerOnly) / classified;
            performanceP = mcNemarExact(championOnly, challengerOnly);
        } else if (regressed > 0) {
            championPerformance = championAbsErrorMean;
            challengerPerformance = challengerAbsErrorMean;
            performanceP = pairedT(regressed, diffMean, diffM2);
        }
        return new Result(championVersion, count, labelled, agreement, clamp(correlation), ks, p, paired, metric,
                championPerformance, challengerPerformance, performanceP, championOnly, challengerOnly);
    }

    /**
     * The one-sided p-value that a challenger is worse than its champion by more than {@code margin} in accuracy,
     * on {@code n} labelled pairs of which {@code championOnly} only the champion and {@code challengerOnly} only
     * the challenger got right: the Wald test of paired proportions, z = (d + margin) / se with d the accuracy
     * difference (challenger - champion) and se = sqrt(b + c - (c - b)^2 / n) / n. Small: non-inferior.
     */
    public static double nonInferiorityPValue(long n, long championOnly, long challengerOnly, double margin) {
        if (n <= 0) {
            return 1.0;
        }
        double d = (double) (challengerOnly - championOnly) / n;
        double variance = championOnly + challengerOnly - Math.pow(challengerOnly - championOnly, 2) / n;
        if (variance <= 0) {
            return d + margin > 0 ? 0.0 : 1.0;
        }
        double z = (d + margin) / (Math.sqrt(variance) / n);
        return org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1).survivalProbability(z);
    }

    /** McNemar's exact test: the discordant pairs against a fair coin, two-sided. */
    static double mcNemarExact(long b, long c) {
        long n = b + c;
        if (n == 0) {
            return 1.0;
        }
        org.apache.commons.statistics.distribution.BinomialDistribution coin =
                org.apache.commons.statistics.distribution.BinomialDistribution.of((int) Math.min(n, Integer.MAX_VALUE),
                        0.5);
        return Math.min(1.0, 2 * coin.cumulativeProbability((int) Math.min(b, c)));
    }

    /** The paired t-test of a mean difference, two-sided; NaN with fewer than two pairs. */
    static double pairedT(long n, double mean, double m2) {
        if (n < 2) {
            return Double.NaN;
        }
        double sd = Math.sqrt(m2 / (n - 1));
        if (sd == 0) {
            return mean == 0 ? 1.0 : 0.0;
        }
        double t = mean / (sd / Math.sqrt(n));
        org.apache.commons.statistics.distribution.TDistribution student =
                org.apache.commons.statistics.distribution.TDistribution.of(n - 1);
        return Math.min(1.0, 2 * student.survivalProbability(Math.abs(t)));
    }

    private static double clamp(double r) {
        return Double.isNaN(r) ? r : Math.max(-1, Math.min(1, r));
    }

    /** Writes the comparison (for the window statistics' own binary layout). */
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(championVersion != null);
        if (championVersion != null) {
            out.writeUTF(championVersion);
        }
        out.writeLong(count);
        out.writeDouble(meanX);
        out.writeDouble(meanY);
        out.writeDouble(m2X);
        out.writeDouble(m2Y);
        out.writeDouble(cXY);
        out.writeLong(labelled);
        out.writeLong(agreed);
        KllSketches.write(out, champion);
        KllSketches.write(out, challenger);
        out.writeLong(bothRight);
        out.writeLong(championOnly);
        out.writeLong(challengerOnly);
        out.writeLong(bothWrong);
        out.writeLong(regressed);
        out.writeDouble(championAbsErrorMean);
        out.writeDouble(challengerAbsErrorMean);
        out.writeDouble(diffMean);
        out.writeDouble(diffM2);
    }

    /** Reads what {@link #write} wrote. */
    public static ChallengerComparison read(DataInput in) throws IOException {
        String version = in.readBoolean() ? in.readUTF() : null;
        long count = in.readLong();
        double meanX = in.readDouble();
        double meanY = in.readDouble();
        double m2X = in.readDouble();
        double m2Y = in.readDouble();
        double cXY = in.readDouble();
        long labelled = in.readLong();
        long agreed = in.readLong();
        ChallengerComparison c = new ChallengerComparison(version, count, meanX, meanY, m2X, m2Y, cXY, labelled,
                agreed, KllSketches.read(in), KllSketches.read(in));
        c.bothRight = in.readLong();
        c.championOnly = in.readLong();
        c.challengerOnly = in.readLong();
        c.bothWrong = in.readLong();
        c.regressed = in.readLong();
        c.championAbsErrorMean = in.readDouble();
        c.challengerAbsErrorMean = in.readDouble();
        c.diffMean = in.readDouble();
        c.diffM2 = in.readDouble();
        return c;
    }


}

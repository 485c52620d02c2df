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

    /** What the comparison says about a window; NaN where there is nothing to say (no pairs, no labels). */
    public record Result(String championVersion, long events, long labelled, double agreementRate,
                         double scoreCorrelation, double scoreKs, double scoreKsPValue) {
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

    public ChallengerComparison() {
        this(null, 0, 0, 0, 0, 0, 0, 0, 0, KllSketches.newSketch(), KllSketches.newSketch());
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
        return new Result(championVersion, count, labelled, agreement, clamp(correlation), ks, p);
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
        writeSketch(out, champion);
        writeSketch(out, challenger);
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
        return new ChallengerComparison(version, count, meanX, meanY, m2X, m2Y, cXY, labelled, agreed,
                readSketch(in), readSketch(in));
    }

    private static void writeSketch(DataOutput out, KllDoublesSketch sketch) throws IOException {
        byte[] bytes = KllSketches.toBytes(sketch);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static KllDoublesSketch readSketch(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return KllSketches.fromBytes(bytes);
    }
}

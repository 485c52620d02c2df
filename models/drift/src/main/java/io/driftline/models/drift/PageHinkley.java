package io.driftline.models.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Page-Hinkley test for an increase in the mean of a stream, here of the per-event error of a model: it keeps
 * the running mean of the values seen, the cumulative sum of each value's excess over that mean less a tolerance
 * {@code delta}, and the smallest that sum has been; it signals when the sum has risen more than {@code lambda}
 * above its minimum. A fading factor {@code alpha} just below 1 lets old excess decay, so that a long stationary
 * history does not make the test deaf. After a signal the test starts again from nothing.
 *
 * <p>Written here rather than taken from a library: none of the Java libraries we may use (DataSketches, Commons
 * Math/Statistics, Tribuo) has a streaming change detector, and the test is a few lines whose state must be
 * serialised into a Kafka Streams store. Mutable; one thread owns it.
 */
public final class PageHinkley {

    /**
     * @param delta        tolerated increase of the mean per event (default 0.005)
     * @param lambda       signal threshold on the cumulative excess (default 50)
     * @param minInstances values before the test may signal (default 30)
     * @param alpha        fading factor of the cumulative sum, in (0, 1] (default 0.9999)
     */
    public record Settings(double delta, double lambda, long minInstances, double alpha) {

        public Settings {
            if (!(delta >= 0) || !(lambda > 0) || minInstances < 1 || !(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("Page-Hinkley needs delta >= 0, lambda > 0, minInstances >= 1 and "
                        + "alpha in (0, 1]: " + delta + ", " + lambda + ", " + minInstances + ", " + alpha);
            }
        }

        public static Settings defaults() {
            return new Settings(0.005, 50, 30, 0.9999);
        }
    }

    private final Settings settings;
    private long count;
    private double mean;
    private double sum;
    private double min;
    private Signal lastSignal;

    /** What the test had seen when it signalled: values since it started, their mean, and the statistic. */
    public record Signal(long count, double mean, double statistic) {
    }

    public PageHinkley(Settings settings) {
        this.settings = settings;
        reset();
    }

    /** Adds one value; true when the mean has increased (the test then starts over). NaN values are ignored. */
    public boolean add(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        count++;
        mean += (value - mean) / count;
        sum = settings.alpha() * sum + (value - mean - settings.delta());
        min = Math.min(min, sum);
        if (count >= settings.minInstances() && statistic() > settings.lambda()) {
            lastSignal = new Signal(count, mean, statistic());
            reset();
            return true;
        }
        return false;
    }

    /** How far the cumulative excess is above its minimum: the test signals when this passes lambda. */
    public double statistic() {
        return sum - min;
    }

    /** The test's state when it last signalled, or null before any signal of this instance. */
    public Signal lastSignal() {
        return lastSignal;
    }

    /** Values since the last signal (or the start). */
    public long count() {
        return count;
    }

    /** Mean of the values since the last signal. */
    public double mean() {
        return mean;
    }

    public Settings settings() {
        return settings;
    }

    private void reset() {
        count = 0;
        mean = 0;
        sum = 0;
        min = 0;
    }

    /** Writes the state (not the settings). */
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(mean);
        out.writeDouble(sum);
        out.writeDouble(min);
    }

    /** A test with these settings in the state {@link #write} wrote. */
    public static PageHinkley read(DataInput in, Settings settings) throws IOException {
        PageHinkley test = new PageHinkley(settings);
        test.count = in.readLong();
        test.mean = in.readDouble();
        test.sum = in.readDouble();
        test.min = in.readDouble();
        return test;
    }
}

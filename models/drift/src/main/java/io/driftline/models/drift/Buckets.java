package io.driftline.models.drift;

import java.util.Arrays;

/** Checks and conversions shared by the bucket statistics. */
final class Buckets {

    private Buckets() {
    }

    static double[] fractions(long[] counts) {
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("count in bucket " + i + " must be >= 0: " + counts[i]);
            }
            total += counts[i];
        }
        if (total == 0) {
            throw new IllegalArgumentException("counts must not all be zero: " + counts.length + " empty buckets");
        }
        double[] fractions = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            fractions[i] = (double) counts[i] / total;
        }
        return fractions;
    }

    /**
     * A numeric window's counts per {@link ReferenceFeature#bucket}, or null when there is nothing to compare on
     * bins: a reference without bins, or a window with nothing counted. Shared by the bin metrics (PSI and
     * Jensen-Shannon on numeric features).
     */
    static long[] windowBuckets(ReferenceFeature reference, WindowFeature window) {
        long[] counts = window.bucketCounts();
        if (!reference.hasBins() || Arrays.stream(counts).sum() <= 0) {
            return null;
        }
        if (counts.length != reference.bucketCount()) {
            throw new IllegalArgumentException(reference.name() + ": window needs " + reference.bucketCount()
                    + " bucket counts (bins plus out of range): " + counts.length);
        }
        return counts;
    }

    static void checkSameLength(int reference, int window) {
        if (reference != window) {
            throw new IllegalArgumentException("window has " + window + " buckets, the reference " + reference);
        }
        if (reference == 0) {
            throw new IllegalArgumentException("at least one bucket needed: 0");
        }
    }

    static double checkFraction(String side, int bucket, double fraction) {
        if (!(fraction >= 0) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException(side + " fraction in bucket " + bucket + " must be finite and >= 0: "
                    + fraction);
        }
        return fraction;
    }
}

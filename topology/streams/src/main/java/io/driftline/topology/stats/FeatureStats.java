package io.driftline.topology.stats;

import io.driftline.models.drift.WindowFeature;

/**
 * One feature's (or the score's) statistics in one window of one task, or merged over tasks: mergeable, so that
 * each task keeps its own and the merge stage adds them up.
 */
sealed interface FeatureStats permits NumericStats, CategoryStats {

    /** Feature name, as in the manifest and the reference profile. */
    String name();

    /** Empty statistics of the same feature, on the same buckets. */
    FeatureStats emptyCopy();

    /** Adds another task's statistics of the same feature and window into these. */
    void merge(FeatureStats other);

    /** The live side of the drift tests. */
    WindowFeature toWindowFeature();
}

package io.driftline.models.drift;

/** What kind of values a feature holds, which decides the tests it gets. */
public enum FeatureKind {
    /** Real numbers: PSI and Jensen-Shannon on bins, Kolmogorov-Smirnov and Wasserstein from sketches. */
    NUMERIC,
    /** Categories: chi-square and PSI over categories plus an unseen bucket. */
    CATEGORICAL
}

package io.driftline.models.drift;

/** A feature's verdict over one window. */
public enum Verdict {
    /** Every metric below its warn level (tests: not significant). */
    NO_DRIFT,
    /** Some metric at its warn level or above: how far is {@link FeatureResult#severity()}. */
    DRIFT,
    /** The window held fewer events than the minimum sample size: nothing was tested. */
    INSUFFICIENT_DATA
}

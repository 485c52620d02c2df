package io.driftline.models.drift;

/** A feature's verdict over one window. */
public enum Verdict {
    /** Every metric below its warn threshold. */
    NO_DRIFT,
    /** Some metric at its warn threshold, none at its alert threshold. */
    WARN,
    /** Some metric at its alert threshold. */
    DRIFT,
    /** The window held fewer events than the minimum sample size: nothing was tested. */
    INSUFFICIENT_DATA
}

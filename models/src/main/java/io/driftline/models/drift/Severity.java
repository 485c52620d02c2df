package io.driftline.models.drift;

/** How far a metric crossed its thresholds. */
public enum Severity {
    /** Below the warn threshold (or, for a test, not significant). */
    NONE,
    /** At or above the warn threshold, below the alert threshold. */
    WARN,
    /** At or above the alert threshold (or, for a test, corrected p-value below alpha): drift. */
    ALERT
}

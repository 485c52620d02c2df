package io.driftline.models.drift;

/**
 * How far a metric crossed its {@link DriftThresholds.Levels}: a grade of drift. A test (one with a p-value) is
 * graded only when its corrected p-value is below its alpha, and is {@link #NONE} otherwise.
 */
public enum Severity {
    /** Below the warn level, or a test that is not significant: no drift. */
    NONE,
    /** At or above the warn level, below the alert level: drift. */
    WARN,
    /** At or above the alert level: critical drift. */
    ALERT
}

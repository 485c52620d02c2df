package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Grading of each metric at its boundaries, with the default levels. */
class DriftThresholdsTest {

    private static final DriftThresholds DEFAULTS = DriftThresholds.defaults();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "psi, 0.2499, NONE", "psi, 0.25, WARN", "psi, 0.4999, WARN", "psi, 0.5, ALERT",
        "js_distance, 0.0999, NONE", "js_distance, 0.1, WARN", "js_distance, 0.1999, WARN", "js_distance, 0.2, ALERT",
        "wasserstein, 0.1999, NONE", "wasserstein, 0.2, WARN", "wasserstein, 0.4999, WARN",
        "wasserstein, 0.5, ALERT"})
    void shouldGradeValueMetricsAtTheirLevels(String metric, double value, Severity expected) {
        assertThat(DEFAULTS.severity(metric, value, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} effect {1} p {2} -> {3}")
    @CsvSource({
        "ks, 0.5, 0.0001, NONE", "ks, 0.0, 0.000099, WARN", "ks, 0.0999, 0.000099, WARN", "ks, 0.1, 0.000099, ALERT",
        "chi_square, 0.9, 0.0001, NONE", "chi_square, 0.01, 0.000099, WARN", "chi_square, 0.0999, 1e-9, WARN",
        "chi_square, 0.1, 1e-9, ALERT",
        "missing_rate, 0.3, 0.5, NONE", "missing_rate, 0.001, 0.000099, WARN", "missing_rate, 0.0999, 1e-9, WARN",
        "missing_rate, 0.1, 1e-9, ALERT"})
    void shouldGradeSignificantTestsByTheirEffectSize(String metric, double effect, double adjustedPValue,
            Severity expected) {
        assertThat(DEFAULTS.severity(metric, effect, adjustedPValue)).isEqualTo(expected);
    }

    @Test
    void shouldNotCallASignificantButTooSmallChangeDriftWhenATestHasAWarnLevel() {
        DriftThresholds floor = DEFAULTS.withLevels(Metric.MISSING_RATE, new DriftThresholds.Levels(0.02, 0.1));

        assertThat(floor.severity(Metric.MISSING_RATE, 0.0199, 1e-12)).isEqualTo(Severity.NONE);
        assertThat(floor.severity(Metric.MISSING_RATE, 0.02, 1e-12)).isEqualTo(Severity.WARN);
        assertThat(floor.levels(Metric.MISSING_RATE).warn()).isEqualTo(0.02);
    }

    @Test
    void shouldKeepTheDriftThresholdsOfReports() {
        assertThat(DEFAULTS.threshold(Metric.PSI)).isEqualTo(0.25);
        assertThat(DEFAULTS.threshold(Metric.JS_DISTANCE)).isEqualTo(0.1);
        assertThat(DEFAULTS.threshold(Metric.WASSERSTEIN)).isEqualTo(0.2);
        assertThat(DEFAULTS.threshold(Metric.KS)).isEqualTo(1e-4);
        assertThat(DEFAULTS.threshold(Metric.CHI_SQUARE)).isEqualTo(1e-4);
        assertThat(DEFAULTS.threshold(Metric.MISSING_RATE)).isEqualTo(1e-4);
        assertThat(DEFAULTS.levels(Metric.KS)).isEqualTo(new DriftThresholds.Levels(0, 0.1));
    }
}

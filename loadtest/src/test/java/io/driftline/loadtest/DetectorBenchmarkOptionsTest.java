package io.driftline.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.DriftThresholds.Levels;
import io.driftline.models.drift.Metric;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark's threshold flags, the named ones and the registry-wide --threshold and --disable. */
class DetectorBenchmarkOptionsTest {

    private static DriftThresholds thresholds(String... args) {
        DetectorBenchmark benchmark = new DetectorBenchmark();
        new CommandLine(benchmark).parseArgs(args);
        return benchmark.settings().thresholds();
    }

    @Test
    void shouldMeasureTheDefaultsWithoutFlags() {
        assertThat(thresholds()).isEqualTo(DriftThresholds.defaults());
    }

    @Test
    void shouldKeepTheNamedFlags() {
        DriftThresholds t = thresholds("--psi-warn", "0.3", "--psi-alert", "0.2", "--js", "0.25", "--wasserstein",
                "0.1", "--ks-alpha", "0.01", "--chi-square-alpha", "0.02", "--missing-rate-alpha", "0.03",
                "--correction", "bonferroni", "--min-sample-size", "300");

        assertThat(t.levels(Metric.PSI)).as("alert raised to warn").isEqualTo(new Levels(0.3, 0.3));
        assertThat(t.levels(Metric.JS_DISTANCE)).isEqualTo(new Levels(0.25, 0.25));
        assertThat(t.levels(Metric.WASSERSTEIN)).isEqualTo(new Levels(0.1, 0.5));
        assertThat(t.alpha(Metric.KS)).isEqualTo(0.01);
        assertThat(t.alpha(Metric.CHI_SQUARE)).isEqualTo(0.02);
        assertThat(t.alpha(Metric.MISSING_RATE)).isEqualTo(0.03);
        assertThat(t.correction()).isEqualTo(Correction.BONFERRONI);
        assertThat(t.minSampleSize()).isEqualTo(300);
    }

    @Test
    void shouldSetAndDisableAnyRegisteredMetric() {
        DriftThresholds t = thresholds("--threshold", "ks.alpha=0.001", "--threshold", "missing_rate.warn=0.02",
                "--threshold", "js_distance.alert=0.3", "--disable", "js,chi_square");

        assertThat(t.alpha(Metric.KS)).isEqualTo(0.001);
        assertThat(t.levels(Metric.MISSING_RATE)).isEqualTo(new Levels(0.02, 0.1));
        assertThat(t.levels(Metric.JS_DISTANCE).warn()).as("disabled: out of reach").isEqualTo(Double.MAX_VALUE);
        assertThat(t.levels(Metric.CHI_SQUARE).alert()).isEqualTo(Double.MAX_VALUE);
        assertThatThrownBy(() -> thresholds("--disable", "kl")).hasMessageContaining("--disable takes js or one of");
        assertThatThrownBy(() -> thresholds("--threshold", "psi.alpha=0.1"))
                .hasMessage("psi is a distance and takes no alpha: 0.1");
        assertThatThrownBy(() -> thresholds("--threshold", "kl.warn=0.1")).hasMessageContaining("--threshold takes");
    }

    @Test
    void shouldPrintEveryRegisteredMetricsThresholds() {
        assertThat(ResultTable.thresholds(DriftThresholds.defaults())).isEqualTo("chi_square alpha 0.0001000 0/0.1000,"
                + " psi 0.2500/0.5000, js_distance 0.1000/0.2000, ks alpha 0.0001000 0/0.1000, wasserstein"
                + " 0.2000/0.5000, missing_rate alpha 0.0001000 0/0.1000");
        assertThat(ResultTable.thresholds(DriftThresholds.defaults().withEnabled(Metric.KS, false)
                .withLevels(Metric.PSI, new Levels(Double.MAX_VALUE, Double.MAX_VALUE))))
                .contains("ks not run").contains("psi off/off");
    }
}

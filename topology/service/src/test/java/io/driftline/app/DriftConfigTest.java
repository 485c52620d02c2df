package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.Metric;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.StatsSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The drift.* settings as the service reads them, checked at start-up. */
class DriftConfigTest {

    @Test
    void shouldDefaultToOneMinuteWindowsAndTheDriftTestsDefaults() {
        StatsSettings drift = new DriftlineConfig(Map.of()).driftSettings();

        assertThat(drift.enabled()).isTrue();
        assertThat(drift.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(drift.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(drift.idleClose()).isEqualTo(Duration.ofSeconds(30));
        assertThat(drift.thresholds()).isEqualTo(io.driftline.models.drift.DriftThresholds.defaults());
        assertThat(drift.inputPartitions()).isInstanceOf(InputPartitions.class);
        assertThat(drift.mergeWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(drift.punctuationInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldReadEveryDriftKey() {
        DriftlineConfig config = new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_ENABLED, "false",
                DriftlineConfig.DRIFT_WINDOW_SIZE_MS, "5000", DriftlineConfig.DRIFT_WINDOW_GRACE_MS, "1000",
                DriftlineConfig.DRIFT_IDLE_CLOSE_MS, "2000", DriftlineConfig.DRIFT_CORRECTION, "bonferroni",
                DriftlineConfig.DRIFT_MIN_SAMPLE_SIZE, "500", DriftlineConfig.DRIFT_WASSERSTEIN, "0.8",
                DriftlineConfig.DRIFT_KS_ALPHA, "0.001"));
        StatsSettings drift = config.driftSettings();

        assertThat(drift.enabled()).isFalse();
        assertThat(drift.windowSize()).isEqualTo(Duration.ofSeconds(5));
        assertThat(drift.grace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(drift.idleClose()).isEqualTo(Duration.ofSeconds(2));
        assertThat(drift.punctuationInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(drift.thresholds().correction()).isEqualTo(Correction.BONFERRONI);
        assertThat(drift.thresholds().minSampleSize()).isEqualTo(500);
        assertThat(drift.thresholds().levels(Metric.WASSERSTEIN).warn()).isEqualTo(0.8);
        assertThat(drift.thresholds().levels(Metric.WASSERSTEIN).alert()).as("follows the warn level, default ratio 2.5")
                .isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(drift.thresholds().alpha(Metric.KS)).isEqualTo(0.001);
        assertThat(config.topologySettings(java.time.Clock.systemUTC()).drift().windowSize())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRejectInconsistentThresholdsAtStartUp() {
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_PSI_WARN, "0.6",
                DriftlineConfig.DRIFT_PSI_ALERT, "0.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(
                        "drift.psi.warn, drift.psi.alert: warn level must not exceed the alert level 0.5: 0.6");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_CORRECTION, "sidak")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.DRIFT_CORRECTION);
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.DRIFT_WINDOW_SIZE_MS);
    }
}

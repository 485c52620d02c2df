package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.PerformanceTests;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StatsConfigTest {

    private static AbstractConfig parse(Map<String, ?> props) {
        return new AbstractConfig(StatsConfig.configDef(), props, false);
    }

    private static StatsSettings settings(Map<String, ?> props) {
        return StatsConfig.from(parse(props), DriftThresholds.defaults(), PerformanceTests.Thresholds.defaults(),
                () -> 0);
    }

    @Test
    void shouldDefaultToTheStagesDefaults() {
        StatsSettings defaults = StatsSettings.defaults();
        StatsSettings parsed = settings(Map.of());
        assertThat(parsed.enabled()).isTrue();
        assertThat(parsed.windowSize()).isEqualTo(defaults.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parsed.hop()).isEqualTo(parsed.windowSize());
        assertThat(parsed.grace()).isEqualTo(defaults.grace());
        assertThat(parsed.idleClose()).isEqualTo(defaults.idleClose());
        assertThat(StatsConfig.correction(parse(Map.of()))).isEqualTo(Correction.fromConfigName("holm"));
        assertThat(StatsConfig.minSampleSize(parse(Map.of()))).isEqualTo(100L);
    }

    @Test
    void shouldRejectAnUnknownCorrectionNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(StatsConfig.DRIFT_CORRECTION, "sidak")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(StatsConfig.DRIFT_CORRECTION);
    }

    @Test
    void shouldRejectAHopThatDoesNotDivideTheSizeNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of(StatsConfig.DRIFT_WINDOW_SIZE_MS, 60_000L,
                StatsConfig.DRIFT_WINDOW_HOP_MS, 7_000L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(StatsConfig.DRIFT_WINDOW_HOP_MS)
                .hasMessageContaining(StatsConfig.DRIFT_WINDOW_SIZE_MS);
    }
}

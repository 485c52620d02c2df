package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.PerformanceTests;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PerformanceConfigTest {

    private static PerformanceTests.Thresholds parse(Map<String, ?> props) {
        return PerformanceConfig.from(new AbstractConfig(PerformanceConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToThePerformanceTestsDefaults() {
        assertThat(parse(Map.of())).isEqualTo(PerformanceTests.Thresholds.defaults());
    }

    @Test
    void shouldRejectAnAlphaAboveAHalfNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(PerformanceConfig.PERFORMANCE_ALPHA, 0.6)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PerformanceConfig.PERFORMANCE_ALPHA);
    }
}

package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static IngestConfig.Settings parse(Map<String, ?> props) {
        return IngestConfig.from(new AbstractConfig(IngestConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToAMinuteOfRegistryPauseAndFiveMinutesOfFutureSkew() {
        assertThat(parse(Map.of())).isEqualTo(new IngestConfig.Settings(Duration.ofMinutes(1), Duration.ofMinutes(5), ".+-events"));
        assertThat(IngestConfig.DEFAULT_MAX_FUTURE_SKEW).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRejectAFutureSkewPastTheBrokersTimestampLimitNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(IngestConfig.MAX_FUTURE_SKEW_MS, 3_600_001L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(IngestConfig.MAX_FUTURE_SKEW_MS);
    }
}

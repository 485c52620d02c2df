package io.driftline.topology.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RetrainConfigTest {

    private static RetrainPolicy parse(Map<String, ?> props) {
        return RetrainConfig.from(new AbstractConfig(RetrainConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToTheRetrainPolicysDefaults() {
        assertThat(parse(Map.of())).isEqualTo(RetrainPolicy.defaults());
        assertThat(parse(Map.of(RetrainConfig.RETRAIN_COOLDOWN_MS, "0")).cooldown()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldRejectANegativeCooldownNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(RetrainConfig.RETRAIN_COOLDOWN_MS, -1L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RetrainConfig.RETRAIN_COOLDOWN_MS);
    }
}

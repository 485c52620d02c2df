package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AlertConfigTest {

    private static AlertPolicy parse(Map<String, ?> props) {
        return AlertConfig.from(new AbstractConfig(AlertConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToTheAlertPolicysDefaults() {
        assertThat(parse(Map.of())).isEqualTo(AlertPolicy.defaults());
        assertThat(parse(Map.of(AlertConfig.ALERTS_OPEN_AFTER, "3"))).isEqualTo(new AlertPolicy(3, 2));
    }

    @Test
    void shouldRejectZeroWindowsNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(AlertConfig.ALERTS_RESOLVE_AFTER, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertConfig.ALERTS_RESOLVE_AFTER);
    }
}

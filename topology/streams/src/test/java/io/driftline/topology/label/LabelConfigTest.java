package io.driftline.topology.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LabelConfigTest {

    private static LabelSettings parse(Map<String, ?> props) {
        return LabelConfig.from(new AbstractConfig(LabelConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToLabelsOffAnHourOfDelayAndAMinuteOfGrace() {
        assertThat(parse(Map.of())).isEqualTo(LabelSettings.disabled());
        assertThat(parse(Map.of()).maxDelay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReadEveryKey() {
        LabelSettings settings = parse(Map.of(LabelConfig.LABELS_ENABLED, "true", LabelConfig.LABELS_MAX_DELAY_MS, "5000",
                LabelConfig.LABELS_GRACE_MS, "0"));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.grace()).isZero();
    }

    @Test
    void shouldRejectAZeroMaxDelayNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(LabelConfig.LABELS_MAX_DELAY_MS, 0L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LabelConfig.LABELS_MAX_DELAY_MS);
    }
}

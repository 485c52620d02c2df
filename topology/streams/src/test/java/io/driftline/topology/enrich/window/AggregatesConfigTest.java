package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AggregatesConfigTest {

    private static AggregatesConfig.Settings parse(Map<String, ?> props) {
        return AggregatesConfig.from(new AbstractConfig(AggregatesConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToNoAggregatesAndAMinuteOfGrace() {
        assertThat(parse(Map.of())).isEqualTo(new AggregatesConfig.Settings(java.util.List.of(), Duration.ofMinutes(1),
                AggregatesConfig.DEFAULT_CACHED_KEYS));
    }

    @Test
    void shouldReadTheSpecs() {
        assertThat(parse(Map.of(AggregatesConfig.AGGREGATES, "n=count(amount)@10m")).specs())
                .isEqualTo(AggregateSpec.parseList("n=count(amount)@10m"));
    }

    @Test
    void shouldRejectABadSpecAtParseTimeNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(AggregatesConfig.AGGREGATES, "n=median(amount)@10m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AggregatesConfig.AGGREGATES);
    }
}

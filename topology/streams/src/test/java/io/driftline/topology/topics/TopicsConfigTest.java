package io.driftline.topology.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicsConfigTest {

    private static TopicNames parse(Map<String, ?> props) {
        return TopicsConfig.from(new AbstractConfig(TopicsConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToTheDefaultNamesWithNoPrefix() {
        assertThat(parse(Map.of())).isEqualTo(TopicNames.defaults());
        assertThat(parse(Map.of(TopicsConfig.TOPIC_PREFIX, "t1-")).eventsTopic()).isEqualTo("t1-events");
    }

    @Test
    void shouldRejectANonStringNameNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(TopicsConfig.TOPIC_EVENTS, 7)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TopicsConfig.TOPIC_EVENTS);
    }
}

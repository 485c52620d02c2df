package io.driftline.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EnrichConfigTest {

    private static AbstractConfig parse(Map<String, ?> props) {
        return new AbstractConfig(EnrichConfig.configDef(), props, false);
    }

    @Test
    void shouldJoinOnTheRecordKeyByDefaultAndReadAFieldPath() {
        assertThat(EnrichConfig.profileKeyField(parse(Map.of()))).isEmpty();
        assertThat(EnrichConfig.profileKeyField(parse(Map.of(EnrichConfig.PROFILE_KEY_FIELD, "card.id"))))
                .isEqualTo("card.id");
    }

    @Test
    void shouldRejectANonStringFieldNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(EnrichConfig.PROFILE_KEY_FIELD, 42)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EnrichConfig.PROFILE_KEY_FIELD);
    }
}

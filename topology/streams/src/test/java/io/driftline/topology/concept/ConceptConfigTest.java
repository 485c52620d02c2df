package io.driftline.topology.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.label.LabelSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConceptConfigTest {

    private static AbstractConfig parse(Map<String, ?> props) {
        return new AbstractConfig(ConceptConfig.configDef(), props, false);
    }

    @Test
    void shouldDefaultToTheDetectorsDefaultsAndTenQuietMinutes() {
        LabelSettings labels = ConceptConfig.applyTo(LabelSettings.disabled().withEnabled(true), parse(Map.of()));
        assertThat(labels.detector()).isEqualTo(PageHinkley.Settings.defaults());
        assertThat(labels.conceptQuiet()).isEqualTo(Duration.ofMinutes(10));
        assertThat(labels.enabled()).as("the label join's own settings are kept").isTrue();
    }

    @Test
    void shouldRejectAFadingFactorAboveOneNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(ConceptConfig.CONCEPT_ALPHA, 1.5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ConceptConfig.CONCEPT_ALPHA);
    }
}

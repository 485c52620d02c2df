package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.bundle.FetchPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScoreConfigTest {

    private static ScoreConfig.Settings parse(Map<String, ?> props) {
        return ScoreConfig.from(new AbstractConfig(ScoreConfig.configDef(), props, false));
    }

    @Test
    void shouldDefaultToOneThreadTheDefaultFetchPolicyAndHalfSecondDrains() {
        ScoreConfig.Settings settings = parse(Map.of());
        assertThat(settings.onnxIntraOpThreads()).isEqualTo(1);
        assertThat(settings.fetchPolicy()).isEqualTo(FetchPolicy.defaults());
        assertThat(settings.parkedDrainInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldRejectZeroThreadsNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(ScoreConfig.ONNX_INTRA_OP_THREADS, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScoreConfig.ONNX_INTRA_OP_THREADS);
    }

    @Test
    void shouldRejectAnAllowedUriThatIsNeitherSchemeNorPrefixNamingTheKey() {
        assertThatThrownBy(() -> parse(Map.of(ScoreConfig.MODELS_ALLOWED_URIS, "not a uri")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScoreConfig.MODELS_ALLOWED_URIS);
    }
}

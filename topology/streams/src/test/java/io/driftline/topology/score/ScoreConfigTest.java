package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.SigningKeys;
import io.driftline.models.bundle.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(settings.trustedKeys()).isEqualTo(TrustedKeys.none());
    }

    @Test
    void shouldReadTrustedKeysAndFailOnAMissingFileNamingTheKeyAndTheFile(@TempDir Path dir) throws Exception {
        KeyPair key = SigningKeys.generate();
        Path pem = Files.writeString(dir.resolve("release.pub.pem"), SigningKeys.publicPem(key.getPublic()));
        Path missing = dir.resolve("missing.pem");

        assertThat(parse(Map.of(ScoreConfig.MODELS_TRUSTED_KEYS, pem.toString())).trustedKeys().ids())
                .containsExactly(SigningKeys.keyId(key.getPublic()));
        assertThatThrownBy(() -> parse(Map.of(ScoreConfig.MODELS_TRUSTED_KEYS, pem + "," + missing)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScoreConfig.MODELS_TRUSTED_KEYS)
                .hasMessageContaining(missing + " does not exist");
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

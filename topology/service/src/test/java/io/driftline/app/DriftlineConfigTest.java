package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.bundle.SigningKeys;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.DriftThresholds.Levels;
import io.driftline.models.drift.Metric;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.alert.AlertConfig;
import io.driftline.topology.ingest.IngestConfig;
import io.driftline.topology.retrain.RetrainConfig;
import io.driftline.topology.stats.StatsConfig;
import io.driftline.topology.topics.TopicsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftlineConfigTest {

    @Test
    void shouldDefaultToLocalBrokerRegistryAndExactlyOnce() {
        DriftlineConfig config = new DriftlineConfig(Map.of());
        Properties streams = config.streamsProperties();

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("events-dlq");
    }

    @Test
    void shouldFailAtStartWhenATrustedKeyFileIsMissingOrNotAPublicKey(@TempDir Path dir) throws Exception {
        Path privateKey = Files.writeString(dir.resolve("key.pem"), SigningKeys.privatePem(SigningKeys.generate()));

        assertThat(new DriftlineConfig(Map.of()).trustedKeys().isEmpty()).as("default: none").isTrue();
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.MODELS_TRUSTED_KEYS,
                dir.resolve("release.pub.pem").toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(DriftlineConfig.MODELS_TRUSTED_KEYS).hasMessageContaining("release.pub.pem does not exist");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.MODELS_TRUSTED_KEYS, privateKey.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("holds a private key");
    }

    @Test
    void shouldGiveOneSecuritySettingToStreamsAndToEveryClientOfOurOwn() {
        DriftlineConfig config = new DriftlineConfig(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "client.ssl.truststore.location", "/etc/kafka/clients-ca.p12",
                "basic.auth.user.info", "reg:secret"));

        assertThat(config.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .as("a client. key wins").containsEntry("ssl.truststore.location", "/etc/kafka/clients-ca.p12")
                .doesNotContainKey("basic.auth.user.info");
        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.serdeConfig()).containsEntry("basic.auth.user.info", "reg:secret")
                .doesNotContainKey("security.protocol");
    }

    @Test
    void shouldPrefixEveryTopicName() {
        DriftlineConfig config = new DriftlineConfig(Map.of(DriftlineConfig.TOPIC_PREFIX, "acme.",
                DriftlineConfig.TOPIC_EVENTS, "payments"));

        assertThat(config.topicNames().eventsTopic()).isEqualTo("acme.payments");
        assertThat(config.topicNames().all()).allMatch(t -> t.startsWith("acme."));
        assertThat(config.streamsProperties().get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("acme.events-dlq");
    }

    @Test
    void shouldPassUnknownKeysThroughToKafkaStreamsButNotSerdeOrClientKeys() {
        DriftlineConfig config = new DriftlineConfig(Map.of("num.stream.threads", "4",
                "serde.auto.register.schemas", "false", "client.security.protocol", "SSL"));
        Properties streams = config.streamsProperties();

        assertThat(streams.get("num.stream.threads")).isEqualTo("4");
        assertThat(streams).doesNotContainKey("serde.auto.register.schemas");
        assertThat(config.serdeConfig()).containsEntry("auto.register.schemas", "false");
        assertThat(config.clientConfig()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldRejectAnUnknownProcessingGuaranteeAtStartUp() {
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.PROCESSING_GUARANTEE, "exactly_twice")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly_twice");
    }

    @Test
    void shouldTakeHoppingWindowsThatDivideTheSizeAndLabelSettings() {
        DriftlineConfig config = new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, 60_000,
                DriftlineConfig.DRIFT_WINDOW_HOP_MS, 15_000, DriftlineConfig.LABELS_ENABLED, true,
                DriftlineConfig.LABELS_MAX_DELAY_MS, 120_000, DriftlineConfig.CONCEPT_LAMBDA, 20.0,
                DriftlineConfig.PERFORMANCE_AUC_DROP, 0.02));
        assertThat(config.driftSettings().hop()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(new DriftlineConfig(Map.of()).driftSettings().hop()).as("tumbling by default")
                .isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(config.labelSettings().enabled()).isTrue();
        assertThat(config.labelSettings().maxDelay()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(config.labelSettings().detector().lambda()).isEqualTo(20.0);
        assertThat(config.driftSettings().performance().aucDrop()).isEqualTo(0.02);
        assertThat(config.topologySettings(java.time.Clock.systemUTC()).labels().enabled()).isTrue();
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_WINDOW_HOP_MS, 7_000)).driftSettings())
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.DRIFT_WINDOW_HOP_MS)
                .hasMessageContaining("divide");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.CONCEPT_ALPHA, 0.0)))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldRejectZeroOnnxThreads() {
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.ONNX_INTRA_OP_THREADS, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.ONNX_INTRA_OP_THREADS);
    }

    @Test
    void shouldDefaultEveryMetricToItsWarnAndAlertLevels() {
        DriftThresholds thresholds = new DriftlineConfig(Map.of()).driftThresholds();

        assertThat(thresholds).isEqualTo(DriftThresholds.defaults());
        assertThat(thresholds.levels(Metric.PSI)).isEqualTo(new Levels(0.25, 0.5));
        assertThat(thresholds.levels(Metric.JS_DISTANCE)).isEqualTo(new Levels(0.1, 0.2));
        assertThat(thresholds.levels(Metric.WASSERSTEIN)).isEqualTo(new Levels(0.2, 0.5));
        assertThat(thresholds.levels(Metric.KS)).isEqualTo(new Levels(0, 0.1));
        assertThat(thresholds.levels(Metric.CHI_SQUARE)).isEqualTo(new Levels(0, 0.1));
        assertThat(thresholds.levels(Metric.MISSING_RATE)).isEqualTo(new Levels(0, 0.1));
    }

    @Test
    void shouldReadEveryWarnAndAlertLevel() {
        DriftThresholds thresholds = new DriftlineConfig(Map.ofEntries(
                Map.entry(DriftlineConfig.DRIFT_PSI_WARN, "0.2"), Map.entry(DriftlineConfig.DRIFT_PSI_ALERT, "0.4"),
                Map.entry(DriftlineConfig.DRIFT_JS_DISTANCE, "0.12"),
                Map.entry(DriftlineConfig.DRIFT_JS_DISTANCE_ALERT, "0.3"),
                Map.entry(DriftlineConfig.DRIFT_WASSERSTEIN, "0.2"),
                Map.entry(DriftlineConfig.DRIFT_WASSERSTEIN_ALERT, "0.6"),
                Map.entry(DriftlineConfig.DRIFT_KS_WARN, "0.02"), Map.entry(DriftlineConfig.DRIFT_KS_ALERT, "0.15"),
                Map.entry(DriftlineConfig.DRIFT_CHI_SQUARE_WARN, "0.03"),
                Map.entry(DriftlineConfig.DRIFT_CHI_SQUARE_ALERT, "0.2"),
                Map.entry(DriftlineConfig.DRIFT_MISSING_RATE_WARN, "0.01"),
                Map.entry(DriftlineConfig.DRIFT_MISSING_RATE_ALERT, "0.05"))).driftThresholds();

        assertThat(thresholds.levels(Metric.PSI)).isEqualTo(new Levels(0.2, 0.4));
        assertThat(thresholds.levels(Metric.JS_DISTANCE)).isEqualTo(new Levels(0.12, 0.3));
        assertThat(thresholds.levels(Metric.WASSERSTEIN)).isEqualTo(new Levels(0.2, 0.6));
        assertThat(thresholds.levels(Metric.KS)).isEqualTo(new Levels(0.02, 0.15));
        assertThat(thresholds.levels(Metric.CHI_SQUARE)).isEqualTo(new Levels(0.03, 0.2));
        assertThat(thresholds.levels(Metric.MISSING_RATE)).isEqualTo(new Levels(0.01, 0.05));
    }

    @Test
    void shouldLetADefaultAlertLevelFollowAWarnLevelSetAboveIt() {
        DriftThresholds thresholds = new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_JS_DISTANCE, "0.3",
                DriftlineConfig.DRIFT_KS_WARN, "0.2")).driftThresholds();

        assertThat(thresholds.levels(Metric.JS_DISTANCE).alert()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(thresholds.levels(Metric.KS)).isEqualTo(new Levels(0.2, 0.2));
    }

    @Test
    void shouldRejectAnAlertLevelSetBelowItsWarnLevel() {
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_MISSING_RATE_WARN, "0.2",
                DriftlineConfig.DRIFT_MISSING_RATE_ALERT, "0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(
                        "drift.missing.rate.warn, drift.missing.rate.alert: warn level must not exceed the alert level");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.DRIFT_KS_ALERT, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.DRIFT_KS_ALERT);
    }

    @Test
    void shouldMergeEveryStagesFragmentWithTheServicesKeys() {
        int total = 0;
        for (ConfigDef fragment : DriftlineConfig.fragments()) {
            assertThat(DriftlineConfig.DEFINITION.names()).containsAll(fragment.names());
            total += fragment.names().size();
        }
        assertThat(DriftlineConfig.DEFINITION.names()).hasSize(total);
        assertThat(DriftlineConfig.DEFINITION.names()).contains(TopicsConfig.TOPIC_EVENTS, IngestConfig.MAX_FUTURE_SKEW_MS,
                StatsConfig.DRIFT_WINDOW_SIZE_MS, "drift.psi.warn", DriftlineConfig.HTTP_PORT);
    }

    @Test
    void shouldRefuseAKeyThatTwoFragmentsDefine() {
        assertThatThrownBy(() -> DriftlineConfig.merge(java.util.List.of(IngestConfig.configDef(),
                IngestConfig.configDef()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestConfig.REGISTRY_MAX_PAUSE_MS);
    }

    @Test
    void shouldBuildTheTopologySettingsFromTheStagesKeys() {
        DriftlineTopology.Settings settings = new DriftlineConfig(Map.of(AlertConfig.ALERTS_OPEN_AFTER, "4",
                RetrainConfig.RETRAIN_AFTER, "5", IngestConfig.MAX_FUTURE_SKEW_MS, "1000",
                DriftlineConfig.PARKED_DRAIN_INTERVAL_MS, "250", DriftlineConfig.PROFILE_KEY_FIELD, "card"))
                .topologySettings(java.time.Clock.systemUTC());
        assertThat(settings.alerts().openAfter()).isEqualTo(4);
        assertThat(settings.retrain().afterWindows()).isEqualTo(5);
        assertThat(settings.maxFutureSkew()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(settings.parkedDrainInterval()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(settings.profileKeyField()).isEqualTo("card");
    }
}

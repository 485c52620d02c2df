package io.driftline.app;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldRejectZeroOnnxThreads() {
        assertThatThrownBy(() -> new DriftlineConfig(Map.of(DriftlineConfig.ONNX_INTRA_OP_THREADS, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DriftlineConfig.ONNX_INTRA_OP_THREADS);
    }
}

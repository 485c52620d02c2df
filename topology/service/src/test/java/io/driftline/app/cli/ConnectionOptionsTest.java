package io.driftline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --client-config: the TLS/SASL keys go to every Kafka client, the registry's basic auth to the registry client. */
class ConnectionOptionsTest {

    @Test
    void shouldSplitAClientConfigFileBetweenKafkaAndTheRegistry(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.location=/etc/driftline/truststore.p12",
                "basic.auth.user.info=registry-user:registry-pass"));
        ConnectionOptions options = new ConnectionOptions();
        options.bootstrapServers = "broker:9093";
        options.schemaRegistryUrl = "https://registry:8081";
        options.clientConfig = file;

        assertThat(options.kafkaConfig()).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.truststore.location", "/etc/driftline/truststore.p12")
                .doesNotContainKey("basic.auth.user.info");
        assertThat(options.kafkaConfig().get("sasl.jaas.config").toString()).contains("ScramLoginModule");
        assertThat(options.serdeConfig()).containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.user.info", "registry-user:registry-pass")
                .doesNotContainKey("security.protocol");
        assertThat(options.actor(null)).as("the Kafka principal").isEqualTo("User:u");
        assertThat(options.actor("release-bot")).isEqualTo("release-bot");
    }

    @Test
    void shouldSayWhichFileItCannotRead(@TempDir Path dir) {
        ConnectionOptions options = new ConnectionOptions();
        options.bootstrapServers = "b:9092";
        options.clientConfig = dir.resolve("absent.properties");

        assertThatThrownBy(options::kafkaConfig).hasMessageContaining("--client-config")
                .hasMessageContaining("absent.properties");
    }
}

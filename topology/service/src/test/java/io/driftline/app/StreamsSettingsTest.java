package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldNameWhatIsInEffectIncludingKafkaStreamsDefaultsForItsClientsAndTheUsersOverrides() {
        DriftlineConfig config = new DriftlineConfig(Map.of(DriftlineConfig.BOOTSTRAP_SERVERS, "localhost:1",
                "producer.linger.ms", "7"));
        String line = StreamsSettings.describe(config.streamsProperties());

        assertThat(line).contains("processing.guarantee=exactly_once_v2").contains("commit.interval.ms=100")
                .contains("num.stream.threads=1")
                // The user's override for the producer, and a client default nobody set.
                .contains("producer.linger.ms=7").contains("producer.batch.size=16384")
                // Kafka Streams' own choice for its consumer under exactly-once.
                .contains("consumer.isolation.level=read_committed")
                .contains("consumer.max.poll.records=");
    }
}

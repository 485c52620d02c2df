package io.driftline.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings that decide throughput and latency, as they are in effect (what was set, else Kafka
 * Streams' default for its clients, else the client's own default), for one log line at start: a figure from a
 * benchmark or a dashboard means little without the commit interval and the producer's batching behind it.
 */
final class StreamsSettings {

    private static final List<String> STREAMS = List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, StreamsConfig.NUM_STREAM_THREADS_CONFIG,
            StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
            StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
    private static final List<String> CONSUMER = List.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG);
    private static final List<String> PRODUCER = List.of(ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    private StreamsSettings() {
    }

    /** {@code key=value} pairs: Kafka Streams', then the main consumer's, then the producer's. */
    static String describe(Properties props) {
        StreamsConfig config = new StreamsConfig(props);
        List<String> out = new ArrayList<>();
        for (String key : STREAMS) {
            out.add(key + "=" + config.originals().getOrDefault(key, config.values().get(key)));
        }
        Map<String, Object> consumer = config.getMainConsumerConfigs(config.getString(
                StreamsConfig.APPLICATION_ID_CONFIG), "settings", 0);
        add(out, "consumer.", CONSUMER, consumer, ConsumerConfig.configDef());
        add(out, "producer.", PRODUCER, config.getProducerConfigs("settings"), ProducerConfig.configDef());
        return String.join(", ", out);
    }

    private static void add(List<String> out, String prefix, List<String> keys, Map<String, Object> set,
                            ConfigDef defaults) {
        Map<String, Object> fallback = defaults.defaultValues();
        for (String key : keys) {
            out.add(prefix + key + "=" + (set.containsKey(key) ? set.get(key) : fallback.get(key)));
        }
    }
}

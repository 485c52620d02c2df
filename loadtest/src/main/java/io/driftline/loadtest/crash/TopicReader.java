package io.driftline.loadtest.crash;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic as a downstream consumer does (read_committed), from the beginning, a little more at each call: up to
 * the end offsets as they are when the call starts, so that "nothing more" means the end offset was reached, not
 * that a poll came back empty.
 */
final class TopicReader<V> {

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private List<TopicPartition> partitions;

    TopicReader(String bootstrap, String topic, Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    /** Hands every record up to the current end offsets to {@code sink}. */
    void readToEnd(BiConsumer<String, V> sink) {
        if (partitions == null) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return; // not created yet
            }
            partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() != null) {
                    sink.accept(r.key(), r.value());
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p, Duration.ofSeconds(30)) < end.get(p)) {
                return false;
            }
        }
        return true;
    }
}

package io.driftline.devkit.demo;

import io.driftline.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads prediction topics (the default one and each model's own) the way a downstream consumer would
 * (read_committed, Avro from the registry) and counts what it sees, so the demo console shows real output, not
 * internal counters.
 */
public final class PredictionWatcher implements AutoCloseable {

    private final KafkaConsumer<String, Prediction> consumer;
    private final List<String> topics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder seen = new LongAdder();
    private final Map<String, String> latestVersion = new ConcurrentHashMap<>();
    private final Map<String, Long> byVersion = new ConcurrentHashMap<>();
    private volatile Prediction last;
    private final Thread thread;

    public PredictionWatcher(List<String> topics, Map<String, Object> clientConfig,
                             Deserializer<Prediction> deserializer) {
        this.topics = List.copyOf(topics);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "driftline-demo-watcher");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        this.thread = new Thread(this::run, "driftline-demo-watcher");
        this.thread.setDaemon(true);
    }

    public PredictionWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, Prediction> record : consumer.poll(Duration.ofMillis(500))) {
                    Prediction p = record.value();
                    seen.increment();
                    if (!p.getShadow()) {
                        latestVersion.put(p.getModel(), p.getModelVersion());
                    }
                    byVersion.merge(p.getModel() + " v" + p.getModelVersion(), 1L, Long::sum);
                    last = p;
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Predictions read since start. */
    public long seen() {
        return seen.sum();
    }

    /** Latest champion version seen per model. */
    public Map<String, String> latestVersions() {
        return new TreeMap<>(latestVersion);
    }

    /** Predictions read per "model vVERSION". */
    public Map<String, Long> countsByVersion() {
        return new TreeMap<>(byVersion);
    }

    /** The most recent prediction read, or null. */
    public Prediction last() {
        return last;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

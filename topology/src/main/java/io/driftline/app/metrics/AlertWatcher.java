package io.driftline.app.metrics;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted alerts topic from its beginning on every instance, keeping the latest state per alert key,
 * so the API and the dashboard list the open alerts and {@code driftline_alerts_open{model,type,severity}} counts
 * them, whichever instance's stage opened them.
 */
public final class AlertWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertWatcher.class);

    private final String topic;
    private final KafkaConsumer<String, Alert> consumer;
    private final Map<String, Alert> latest = new HashMap<>();
    private final MultiGauge open;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public AlertWatcher(String topic, Map<String, Object> clientConfig, Deserializer<Alert> deserializer,
                        MeterRegistry registry) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "driftline-alerts");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        this.open = MultiGauge.builder("driftline.alerts.open")
                .description("Open alerts per model, type and severity").register(registry);
        this.thread = new Thread(this::run, "driftline-alerts");
        this.thread.setDaemon(true);
    }

    public AlertWatcher start() {
        thread.start();
        return this;
    }

    /** The open alerts, newest first. */
    public synchronized List<Alert> openAlerts() {
        List<Alert> out = new ArrayList<>();
        latest.values().stream().filter(a -> a.getStatus() == AlertStatus.OPEN).forEach(out::add);
        out.sort(Comparator.comparing(Alert::getCreatedAt).reversed());
        return out;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && running.get()) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(500);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(500))) {
                    update(record.key(), record.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Alert watcher stopped; the API and gauges no longer show alert changes", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void update(String key, Alert alert) {
        if (alert == null) {
            latest.remove(key);
        } else {
            latest.put(key, alert);
        }
        Map<Tags, Integer> counts = new HashMap<>();
        for (Alert a : latest.values()) {
            if (a.getStatus() == AlertStatus.OPEN) {
                counts.merge(Tags.of("model", a.getModel(), "type", a.getType().name(), "severity",
                        a.getSeverity().name()), 1, Integer::sum);
            }
        }
        open.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(), e.getValue()))
                .toList(), true);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

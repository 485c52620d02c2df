package io.driftline.app.metrics;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the drift-reports topic on every instance (a report is produced by whichever instance merges that
 * model's windows), keeping the recent reports per model for the API and the dashboard's heat map, and the
 * latest per feature as gauges: {@code driftline_drift_psi{model,feature}}, {@code driftline_drift_drifted}.
 * Starts an hour back so a restarted instance shows recent history at once.
 */
public final class DriftReportWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftReportWatcher.class);
    private static final int KEEP_PER_MODEL = 20;
    private static final Duration LOOK_BACK = Duration.ofHours(1);

    private final String topic;
    private final KafkaConsumer<String, DriftReport> consumer;
    private final Map<String, Deque<DriftReport>> recent = new HashMap<>();
    private final MultiGauge psi;
    private final MultiGauge drifted;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public DriftReportWatcher(String topic, Map<String, Object> clientConfig, Deserializer<DriftReport> deserializer,
                              MeterRegistry registry) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "driftline-drift-reports");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        this.psi = MultiGauge.builder("driftline.drift.psi")
                .description("PSI of each feature (and the score) in the latest closed window, per model").register(registry);
        this.drifted = MultiGauge.builder("driftline.drift.drifted")
                .description("1 when the latest window's verdict for a feature is drifted").register(registry);
        this.thread = new Thread(this::run, "driftline-drift-reports");
        this.thread.setDaemon(true);
    }

    public DriftReportWatcher start() {
        thread.start();
        return this;
    }

    /** Recent reports, oldest first, per model (at most 20 each). */
    public synchronized Map<String, List<DriftReport>> recent() {
        Map<String, List<DriftReport>> out = new HashMap<>();
        recent.forEach((model, reports) -> out.put(model, new ArrayList<>(reports)));
        return out;
    }

    private void run() {
        try {
            List<TopicPartition> partitions;
            do {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            } while (partitions.isEmpty() && running.get() && sleep());
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(p -> since.put(p, System.currentTimeMillis() - LOOK_BACK.toMillis()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = offsets.get(p);
                if (at == null) {
                    consumer.seekToEnd(List.of(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            while (running.get()) {
                for (ConsumerRecord<String, DriftReport> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        add(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Drift report watcher stopped; the API and gauges no longer show new reports", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void add(DriftReport report) {
        Deque<DriftReport> reports = recent.computeIfAbsent(report.getModel(), m -> new ArrayDeque<>());
        reports.addLast(report);
        while (reports.size() > KEEP_PER_MODEL) {
            reports.removeFirst();
        }
        List<MultiGauge.Row<?>> psiRows = new ArrayList<>();
        List<MultiGauge.Row<?>> driftRows = new ArrayList<>();
        recent.forEach((model, deque) -> {
            DriftReport latest = deque.peekLast();
            List<FeatureDrift> features = new ArrayList<>(latest.getFeatures());
            if (latest.getPrediction() != null) {
                features.add(latest.getPrediction());
            }
            for (FeatureDrift feature : features) {
                Tags tags = Tags.of("model", model, "feature", feature.getFeature());
                driftRows.add(MultiGauge.Row.of(tags, feature.getDrifted() ? 1 : 0));
                for (MetricResult metric : feature.getMetrics()) {
                    if (metric.getMetric().equals("psi")) {
                        psiRows.add(MultiGauge.Row.of(tags, metric.getValue()));
                    }
                }
            }
        });
        psi.register(psiRows, true);
        drifted.register(driftRows, true);
    }

    private static boolean sleep() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

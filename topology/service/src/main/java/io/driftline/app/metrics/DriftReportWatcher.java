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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the drift-reports topic on every instance (a report is produced by whichever instance merges that
 * model's windows), keeping the recent reports per model for the API and the dashboard's heat map, and the
 * latest per feature as gauges: {@code driftline_drift_psi{model,feature}}, {@code driftline_drift_drifted}, and
 * the latest labelled window's {@code driftline_performance{model,metric}}.
 * Starts an hour back so a restarted instance shows recent history at once.
 */
public final class DriftReportWatcher implements AutoCloseable {

    private static final int KEEP_PER_MODEL = 20;
    private static final Duration LOOK_BACK = Duration.ofHours(1);

    private final Map<String, Deque<DriftReport>> recent = new HashMap<>();
    private final MultiGauge psi;
    private final MultiGauge drifted;
    private final MultiGauge performance;
    private final TopicFollower<DriftReport> follower;
    private final List<Consumer<DriftReport>> listeners = new CopyOnWriteArrayList<>();

    public DriftReportWatcher(String topic, Map<String, Object> clientConfig, Deserializer<DriftReport> deserializer,
                              MeterRegistry registry) {
        this.psi = MultiGauge.builder("driftline.drift.psi")
                .description("PSI of each feature (and the score) in the latest closed window, per model").register(registry);
        this.drifted = MultiGauge.builder("driftline.drift.drifted")
                .description("1 when the latest window's verdict for a feature is drifted").register(registry);
        this.performance = MultiGauge.builder("driftline.performance")
                .description("Accuracy, log-loss, AUC (or MAE, RMSE) on the labelled predictions of the latest window "
                        + "that had labels, per model and metric").register(registry);
        this.follower = new TopicFollower<>(topic, "driftline-drift-reports", clientConfig, deserializer,
                DriftReportWatcher::seekOneHourBack, (key, report) -> {
                    if (report != null) {
                        add(report);
                        listeners.forEach(l -> l.accept(report));
                    }
                });
    }

    /**
     * Calls {@code listener} on the follower's thread with every record read from now on (including those replayed
     * at start); a listener must not block.
     */
    public void addListener(Consumer<DriftReport> listener) {
        listeners.add(listener);
    }

    public DriftReportWatcher start() {
        follower.start();
        return this;
    }

    /** Recent reports, oldest first, per model (at most 20 each). */
    public synchronized Map<String, List<DriftReport>> recent() {
        Map<String, List<DriftReport>> out = new HashMap<>();
        recent.forEach((model, reports) -> out.put(model, new ArrayList<>(reports)));
        return out;
    }

    private static void seekOneHourBack(KafkaConsumer<String, DriftReport> consumer) {
        Map<TopicPartition, Long> since = new HashMap<>();
        consumer.assignment().forEach(p -> since.put(p, System.currentTimeMillis() - LOOK_BACK.toMillis()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition p : consumer.assignment()) {
            OffsetAndTimestamp at = offsets.get(p);
            if (at == null) {
                consumer.seekToEnd(List.of(p));
            } else {
                consumer.seek(p, at.offset());
            }
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
        List<MultiGauge.Row<?>> performanceRows = new ArrayList<>();
        recent.forEach((model, deque) -> {
            deque.stream().filter(r -> !r.getShadow() && r.getLabelled() > 0).reduce((a, b) -> b).ifPresent(r -> {
                for (MetricResult metric : r.getPerformance()) {
                    performanceRows.add(MultiGauge.Row.of(Tags.of("model", model, "metric", metric.getMetric()),
                            metric.getValue()));
                }
            });
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
        performance.register(performanceRows, true);
    }

    @Override
    public void close() {
        follower.close();
    }
}

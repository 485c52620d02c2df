package io.driftline.connectors.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** A sink task context that records what the task reports as errant; or one with no reporter, as old workers. */
final class RecordingSinkTaskContext implements SinkTaskContext {

    /** One errant report. */
    record Report(SinkRecord record, Throwable error) {
    }

    enum Reporter { RECORDING, NONE, UNSUPPORTED }

    private final Reporter reporter;
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final RecordingPluginMetrics metrics = new RecordingPluginMetrics();

    RecordingSinkTaskContext(Reporter reporter) {
        this.reporter = reporter;
    }

    static RecordingSinkTaskContext recording() {
        return new RecordingSinkTaskContext(Reporter.RECORDING);
    }

    List<Report> reports() {
        return reports;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return switch (reporter) {
            case RECORDING -> (record, error) -> {
                reports.add(new Report(record, error));
                return CompletableFuture.completedFuture(null);
            };
            case NONE -> null;
            case UNSUPPORTED -> throw new UnsupportedOperationException("no errant record reporter here");
        };
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of(new TopicPartition(TestAlerts.TOPIC, 0));
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics;
    }

    RecordingPluginMetrics metrics() {
        return metrics;
    }

    /** Plugin metrics that keep the gauges a task registers, to read them back. */
    static final class RecordingPluginMetrics implements PluginMetrics {
        private final Map<String, MetricValueProvider<?>> gauges = new ConcurrentHashMap<>();

        Object value(String name) {
            return ((Gauge<?>) gauges.get(name)).value(new MetricConfig(), System.currentTimeMillis());
        }

        @Override
        public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
            return new MetricName(name, "test", description, tags);
        }

        @Override
        public void addMetric(MetricName name, MetricValueProvider<?> provider) {
            gauges.put(name.name(), provider);
        }

        @Override
        public void removeMetric(MetricName name) {
            gauges.remove(name.name());
        }

        @Override
        public Sensor addSensor(String name) {
            throw new UnsupportedOperationException("the webhook task registers gauges only");
        }

        @Override
        public void removeSensor(String name) {
        }
    }
}

package io.driftline.app.metrics;

import io.driftline.topology.ingest.IngestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Consumer lag of this instance per input partition, in records (Kafka's own {@code records-lag} of the stream
 * threads' consumers) and in seconds: how old the newest record read from the partition is when records wait,
 * zero when none do. Published as gauges refreshed whenever they are read (scrape or API), not on a timer.
 */
public final class ConsumerLag {

    /** Lag of one partition. */
    public record PartitionLag(String topic, int partition, long records, double seconds) {
    }

    private final String inputTopic;
    private final Supplier<Map<MetricName, ? extends Metric>> streamsMetrics;
    private final IngestMetrics ingest;
    private final MultiGauge records;
    private final MultiGauge seconds;

    public ConsumerLag(String inputTopic, Supplier<Map<MetricName, ? extends Metric>> streamsMetrics,
                       IngestMetrics ingest, MeterRegistry registry) {
        this.inputTopic = inputTopic;
        this.streamsMetrics = streamsMetrics;
        this.ingest = ingest;
        this.records = MultiGauge.builder("driftline.consumer.lag.records")
                .description("Records waiting in an input partition for this instance").register(registry);
        this.seconds = MultiGauge.builder("driftline.consumer.lag.seconds")
                .description("Age of the newest record read from a partition while records wait").register(registry);
    }

    /** Reads the current lag and updates the gauges. */
    public List<PartitionLag> refresh() {
        List<PartitionLag> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        Map<MetricName, ? extends Metric> all = streamsMetrics.get();
        if (all != null) {
            for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
                MetricName name = e.getKey();
                if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")
                        || !matchesInput(name.tags().get("topic"))) {
                    continue;
                }
                Object value = e.getValue().metricValue();
                if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                    continue; // not assigned here (any more)
                }
                int partition = Integer.parseInt(name.tags().get("partition"));
                long lag = number.longValue();
                Long newest = ingest.lastTimestamp(inputTopic, partition);
                double age = lag > 0 && newest != null ? Math.max(0, now - newest) / 1000.0 : 0;
                out.add(new PartitionLag(inputTopic, partition, lag, age));
            }
        }
        out.sort(Comparator.comparingInt(PartitionLag::partition));
        records.register(out.stream().<MultiGauge.Row<?>>map(l -> MultiGauge.Row.of(tags(l), l.records())).toList(), true);
        seconds.register(out.stream().<MultiGauge.Row<?>>map(l -> MultiGauge.Row.of(tags(l), l.seconds())).toList(), true);
        return out;
    }

    /** Kafka writes some topic tags with dots as underscores: accept both spellings. */
    private boolean matchesInput(String topic) {
        return inputTopic.equals(topic) || inputTopic.replace('.', '_').equals(topic);
    }

    private static Tags tags(PartitionLag lag) {
        return Tags.of("topic", lag.topic(), "partition", Integer.toString(lag.partition()));
    }
}

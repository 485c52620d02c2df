package io.driftline.app.metrics;

import io.driftline.topology.stats.InputProgress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * {@link InputProgress} from the stream threads' consumers: Kafka's own {@code records-lag} per assigned partition
 * of the input topics. A partition counts as caught up only when its lag is known and zero; before the first fetch
 * (just after a start or a rebalance) it is not, so nothing closes on wall-clock time on a guess. Read at most every
 * {@value #REFRESH_MS} ms: the punctuators of every task ask, and the metrics map is large.
 */
public final class InputBacklog implements InputProgress {

    static final long REFRESH_MS = 250;

    private final Set<String> topics;
    private final Supplier<Map<MetricName, ? extends Metric>> streamsMetrics;
    private Map<Integer, Boolean> byPartition = Map.of();
    private boolean all;
    private long readAtMs; // 0: never read (a subtraction from Long.MIN_VALUE would overflow)

    /**
     * @param topics         the input topics (events, and labels when on)
     * @param streamsMetrics Kafka Streams' metrics (null before it exists)
     */
    public InputBacklog(Set<String> topics, Supplier<Map<MetricName, ? extends Metric>> streamsMetrics) {
        this.topics = Set.copyOf(topics);
        this.streamsMetrics = streamsMetrics;
    }

    @Override
    public synchronized boolean caughtUp(int partition) {
        refresh();
        return byPartition.getOrDefault(partition, false);
    }

    @Override
    public synchronized boolean allCaughtUp() {
        refresh();
        return all;
    }

    private void refresh() {
        long now = System.currentTimeMillis();
        if (now - readAtMs < REFRESH_MS) {
            return;
        }
        readAtMs = now;
        Map<Integer, Boolean> out = new HashMap<>();
        boolean allZero = true;
        Map<MetricName, ? extends Metric> metrics = streamsMetrics.get();
        if (metrics == null) {
            byPartition = Map.of();
            all = false;
            return;
        }
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")
                    || !isInput(name.tags().get("topic")) || name.tags().get("partition") == null) {
                continue;
            }
            Object value = e.getValue().metricValue();
            // NaN: assigned but not fetched yet. Not caught up, as far as anyone knows.
            boolean zero = value instanceof Number n && !Double.isNaN(n.doubleValue()) && n.doubleValue() <= 0;
            out.merge(Integer.parseInt(name.tags().get("partition")), zero, Boolean::logicalAnd);
            allZero &= zero;
        }
        byPartition = out;
        all = allZero;
    }

    /** Kafka writes some topic tags with dots as underscores: accept both spellings. */
    private boolean isInput(String topic) {
        if (topic == null) {
            return false;
        }
        for (String t : topics) {
            if (t.equals(topic) || t.replace('.', '_').equals(topic)) {
                return true;
            }
        }
        return false;
    }
}

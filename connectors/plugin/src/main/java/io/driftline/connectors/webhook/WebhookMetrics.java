package io.driftline.connectors.webhook;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a task did with its records, counted, and shown as task metrics where the worker offers them:
 * alert changes delivered, records skipped as unchanged, tombstones skipped, and records reported as errant.
 */
final class WebhookMetrics {

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong tombstones = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    /** Registers the counters with the task's plugin metrics, when the worker has them (KIP-877). */
    void register(SinkTaskContext context) {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (NoSuchMethodError | AbstractMethodError | UnsupportedOperationException oldWorker) {
            return;
        }
        if (metrics == null) {
            return;
        }
        add(metrics, "alert-changes-delivered-total", "Alert changes POSTed to every webhook URL", delivered);
        add(metrics, "alert-records-unchanged-total", "Records skipped: same alert, status and severity as the last "
                + "change sent for their key", unchanged);
        add(metrics, "alert-tombstones-total", "Tombstones (null values) skipped", tombstones);
        add(metrics, "alert-records-failed-total", "Records reported as errant (not delivered, or not an alert)",
                failed);
    }

    private static void add(PluginMetrics metrics, String name, String description, AtomicLong counter) {
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
                (Gauge<Long>) (config, now) -> counter.get());
    }
}

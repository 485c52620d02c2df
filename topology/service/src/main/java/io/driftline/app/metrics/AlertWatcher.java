package io.driftline.app.metrics;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the compacted alerts topic from its beginning on every instance, keeping the latest state per alert key,
 * so the API and the dashboard list the open alerts and {@code driftline_alerts_open{model,type,severity}} counts
 * them, whichever instance's stage opened them.
 */
public final class AlertWatcher implements AutoCloseable {

    private final Map<String, Alert> latest = new HashMap<>();
    private final MultiGauge open;
    private final TopicFollower<Alert> follower;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

    public AlertWatcher(String topic, Map<String, Object> clientConfig, Deserializer<Alert> deserializer,
                        MeterRegistry registry) {
        this.open = MultiGauge.builder("driftline.alerts.open")
                .description("Open alerts per model, type and severity").register(registry);
        this.follower = new TopicFollower<>(topic, "driftline-alerts", clientConfig, deserializer,
                consumer -> consumer.seekToBeginning(consumer.assignment()), (key, alert) -> {
                    update(key, alert);
                    if (alert != null) {
                        listeners.forEach(l -> l.accept(alert));
                    }
                });
    }

    /**
     * Calls {@code listener} on the follower's thread with every alert state read from now on (including those replayed
     * at start); a listener must not block.
     */
    public void addListener(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    public AlertWatcher start() {
        follower.start();
        return this;
    }

    /** The open alerts, newest first. */
    public synchronized List<Alert> openAlerts() {
        List<Alert> out = new ArrayList<>();
        latest.values().stream().filter(a -> a.getStatus() == AlertStatus.OPEN).forEach(out::add);
        out.sort(Comparator.comparing(Alert::getCreatedAt).reversed());
        return out;
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
        follower.close();
    }
}

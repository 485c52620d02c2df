package io.driftline.app;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.Severity;
import io.driftline.topology.score.ModelEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MODEL_REJECTED alerts: a bundle that fails verification opens one (keyed {@code model|MODEL_REJECTED|version}
 * on the compacted alerts topic), and the next version of that model that deploys resolves it. Every instance
 * verifies every bundle and writes the same alert under the same key, so the topic holds one per version.
 */
final class ModelRejectionAlerts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRejectionAlerts.class);

    private final String topic;
    private final KafkaProducer<String, Alert> producer;
    private final Map<String, List<Alert>> openByModel = new HashMap<>();

    ModelRejectionAlerts(String topic, Map<String, Object> clientConfig, Serializer<Alert> serializer) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "driftline-model-alerts");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** A model registry listener. */
    synchronized void onModelEvent(ModelEvent event) {
        switch (event.kind()) {
            case REJECTED -> {
                Alert alert = Alert.newBuilder()
                        .setAlertId(key(event.model(), event.version())).setModel(event.model())
                        .setModelVersion(event.version()).setType(AlertType.MODEL_REJECTED).setSeverity(Severity.WARNING)
                        .setStatus(AlertStatus.OPEN).setSubject(String.valueOf(event.version()))
                        .setMetric(event.reason()).setValue(null).setThreshold(null).setWindowStart(null).setWindowEnd(null)
                        .setMessage("Bundle " + event.model() + " v" + event.version() + " rejected (" + event.reason()
                                + "): " + event.message() + "; " + (event.previousVersion() == null ? "no version"
                                : "v" + event.previousVersion()) + " keeps serving")
                        .setTopFeatures(List.of()).setCreatedAt(event.at()).setUpdatedAt(event.at()).build();
                openByModel.computeIfAbsent(event.model(), m -> new ArrayList<>()).add(alert);
                send(alert);
            }
            case DEPLOYED -> {
                if (event.shadow()) {
                    return;
                }
                for (Alert open : openByModel.getOrDefault(event.model(), List.of())) {
                    Alert resolved = Alert.newBuilder(open).setStatus(AlertStatus.RESOLVED)
                            .setMessage(open.getMessage() + "; resolved: v" + event.version() + " deployed")
                            .setUpdatedAt(Instant.now()).build();
                    send(resolved);
                }
                openByModel.remove(event.model());
            }
            default -> {
            }
        }
    }

    private void send(Alert alert) {
        producer.send(new ProducerRecord<>(topic, alert.getAlertId(), alert), (meta, error) -> {
            if (error != null) {
                log.warn("Could not publish alert {}: {}", alert.getAlertId(), error.getMessage());
            }
        });
    }

    private static String key(String model, String version) {
        return model + "|MODEL_REJECTED|" + version;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

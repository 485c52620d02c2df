package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.Severity;
import io.driftline.app.metrics.AlertWatcher;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The watcher behind the API's open alerts and driftline_alerts_open, on a real compacted topic. */
class AlertWatcherIT {

    @Test
    void shouldListOpenAlertsByTheirLatestStateAndCountThem() throws Exception {
        String topic = "alerts-" + UUID.randomUUID();
        Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()));
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             var registryClient = RestSchemaRegistryClient.create(registry.url())) {
            var serde = AvroSerdes.specific(Alert.class, registryClient, Map.of("schema.registry.url", registry.url()), false);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (AlertWatcher watcher = new AlertWatcher(topic, client, serde.deserializer(), meters).start();
                 KafkaProducer<String, Alert> producer = new KafkaProducer<>(client, new StringSerializer(), serde.serializer())) {
                producer.send(new ProducerRecord<>(topic, "fraud|DATA_DRIFT|amount", alert("amount", AlertStatus.OPEN, Severity.CRITICAL)));
                producer.send(new ProducerRecord<>(topic, "fraud|DATA_DRIFT|hour", alert("hour", AlertStatus.OPEN, Severity.WARNING)));
                producer.send(new ProducerRecord<>(topic, "fraud|DATA_DRIFT|hour", alert("hour", AlertStatus.RESOLVED, Severity.WARNING)));
                producer.send(new ProducerRecord<>(topic, "fraud|PREDICTION_DRIFT|score", alert("score", AlertStatus.OPEN, Severity.CRITICAL)));
                producer.flush();

                // The score's alert is the last record of the one partition: once it is open, hour's RESOLVED (which
                // came before it) is in too, so the count cannot be caught half-way as {amount, hour}.
                ServiceHarness.await("the last alert read", Duration.ofSeconds(30), () -> watcher.openAlerts().stream()
                        .anyMatch(a -> a.getSubject().equals("score")));
                assertThat(watcher.openAlerts()).extracting(Alert::getSubject).containsExactlyInAnyOrder("amount", "score");
                assertThat(meters.scrape()).contains(
                        "driftline_alerts_open{model=\"fraud\",severity=\"CRITICAL\",type=\"DATA_DRIFT\"} 1.0",
                        "driftline_alerts_open{model=\"fraud\",severity=\"CRITICAL\",type=\"PREDICTION_DRIFT\"} 1.0")
                        .doesNotContain("severity=\"WARNING\"");
            }
        }
    }

    private static Alert alert(String subject, AlertStatus status, Severity severity) {
        return Alert.newBuilder().setAlertId("fraud|" + subject + "|0").setModel("fraud").setModelVersion("1")
                .setType(subject.equals("score") ? AlertType.PREDICTION_DRIFT : AlertType.DATA_DRIFT)
                .setSeverity(severity).setStatus(status).setSubject(subject).setMetric("psi").setValue(0.4)
                .setThreshold(0.25).setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH.plusSeconds(60))
                .setMessage(subject + " drifted").setTopFeatures(List.of(subject)).setCreatedAt(Instant.now())
                .setUpdatedAt(Instant.now()).build();
    }
}

package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.app.metrics.DriftReportWatcher;
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

/** The watcher behind the API's drift list and the drift gauges, reading reports from a real topic. */
class DriftReportWatcherIT {

    @Test
    void shouldKeepRecentReportsPerModelAndPublishTheLatestAsGauges() throws Exception {
        String topic = "drift-reports-" + UUID.randomUUID();
        Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()));
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             var registryClient = RestSchemaRegistryClient.create(registry.url())) {
            var serde = AvroSerdes.specific(DriftReport.class, registryClient, Map.of("schema.registry.url", registry.url()), false);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (DriftReportWatcher watcher = new DriftReportWatcher(topic, client, serde.deserializer(), meters).start();
                 KafkaProducer<String, DriftReport> producer = new KafkaProducer<>(client, new StringSerializer(),
                         serde.serializer())) {
                long t = System.currentTimeMillis();
                DriftReport labelled = report("fraud", t, 0.02, false);
                labelled.setLabelled(300);
                labelled.setPerformance(List.of(MetricResult.newBuilder().setMetric("accuracy").setValue(0.93)
                        .setThreshold(0.9).setDrifted(false).build()));
                producer.send(new ProducerRecord<>(topic, "fraud", labelled));
                producer.send(new ProducerRecord<>(topic, "fraud", report("fraud", t + 60_000, 0.4, true)));
                producer.send(new ProducerRecord<>(topic, "churn", report("churn", t, 0.05, false)));
                producer.flush();

                ServiceHarness.await("three reports", Duration.ofSeconds(30), () ->
                        watcher.recent().getOrDefault("fraud", List.of()).size() == 2
                                && watcher.recent().getOrDefault("churn", List.of()).size() == 1);
                assertThat(watcher.recent().get("fraud")).extracting(r -> r.getFeatures().get(0).getDrifted())
                        .containsExactly(false, true);
                String scrape = meters.scrape();
                assertThat(scrape).contains("driftline_drift_psi{feature=\"amount\",model=\"fraud\"} 0.4",
                        "driftline_drift_drifted{feature=\"amount\",model=\"fraud\"} 1.0",
                        "driftline_drift_psi{feature=\"amount\",model=\"churn\"} 0.05",
                        // The latest window with labels, though a later one had none.
                        "driftline_performance{metric=\"accuracy\",model=\"fraud\"} 0.93");
            }
        }
    }

    private static DriftReport report(String model, long windowStart, double psi, boolean drifted) {
        MetricResult metric = MetricResult.newBuilder().setMetric("psi").setValue(psi).setThreshold(0.25)
                .setDrifted(drifted).build();
        FeatureDrift feature = FeatureDrift.newBuilder().setFeature("amount").setCount(500).setMissingRate(0)
                .setMetrics(List.of(metric)).setDrifted(drifted).build();
        return DriftReport.newBuilder().setModel(model).setModelVersion("1")
                .setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowStart + 60_000))
                .setCount(500).setFeatures(List.of(feature)).setPrediction(null).setPerformance(List.of())
                .setCorrection("holm").setSufficientSample(true).setDrifted(drifted).setCreatedAt(Instant.now())
                .build();
    }
}

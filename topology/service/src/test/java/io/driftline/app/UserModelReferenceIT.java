package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.app.reference.ReferenceFixtures;
import io.driftline.app.reference.UserModel;
import io.driftline.models.bundle.ManifestJson;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own model (not the demo's: a logistic regression over an event schema of its own, nested field
 * included) published with {@code model publish --reference train.parquet --label-column y} through the real CLI:
 * on a real broker its bundle verifies (golden examples from the reference rows), its windows get drift reports
 * against the profile the file gave, stationary data is clean and a shifted {@code x} drifts and opens its alert.
 */
class UserModelReferenceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long WINDOW = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldReportDriftOfAUserModelPublishedWithAReferenceFileAndOpenAnAlertOnShiftedData() throws Exception {
        Path onnx = Files.write(dir.resolve("model.onnx"), UserModel.onnx());
        Path manifest = dir.resolve("manifest.json");
        ManifestJson.write(UserModel.manifest(), manifest);
        Path train = ReferenceFixtures.parquet(UserModel.events(1, 5_000, 0), dir.resolve("train.parquet"));
        try (ServiceHarness h = new ServiceHarness()
                .override(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, WINDOW)
                .override(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, 1_000L)
                .override(DriftlineConfig.ALERTS_OPEN_AFTER, 2)) {
            DriftlineConfig config = h.config();
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
            DriftlineService service = h.start();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = DriftlineCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("model", "publish", "--model", "user", "--version", "1", "--onnx", onnx.toString(),
                            "--manifest", manifest.toString(), "--reference", train.toString(), "--label-column", "y",
                            "--topic", h.topic("model-updates"), "--bootstrap-servers", SharedKafka.bootstrapServers(),
                            "--schema-registry-url", h.devRegistry.url());
            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Reference profile from").contains("20 golden examples")
                    .contains("auc");
            ServiceHarness.await("user v1 serving (golden examples verified)", TIMEOUT,
                    () -> "1".equals(service.models().currentVersion("user")));

            // Window 0 stationary, windows 1 to 3 with x shifted by one standard deviation, then a few events two
            // windows later, on every partition, to close them.
            long t0 = (System.currentTimeMillis() - 30 * WINDOW) / WINDOW * WINDOW;
            try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), new StringSerializer(),
                    AvroSerdes.generic(h.registryClient, h.serdeConfig, false).serializer())) {
                send(producer, h, UserModel.events(100, 800, 0), t0);
                for (int w = 1; w <= 3; w++) {
                    send(producer, h, UserModel.events(100 + w, 800, 1.0), t0 + w * WINDOW);
                }
                send(producer, h, UserModel.events(200, 60, 0), t0 + 5 * WINDOW);
            }
            ServiceHarness.await("reports of windows 0 to 3", TIMEOUT, () -> reports(h).size() >= 4);
            ServiceHarness.await("the alert of x open", TIMEOUT, () -> openAlerts(h).stream()
                    .anyMatch(a -> a.getSubject().equals("x") && a.getType() == AlertType.DATA_DRIFT));

            List<DriftReport> reports = reports(h);
            DriftReport clean = window(reports, t0);
            DriftReport shifted = window(reports, t0 + WINDOW);
            assertThat(clean.getModel()).isEqualTo("user");
            assertThat(clean.getCount()).isEqualTo(800 - UserModel.events(100, 800, 0).stream()
                    .filter(e -> e.get("income") == null).count()); // REJECT: dead-lettered, as in the reference
            assertThat(feature(clean, "x").getDrifted()).as(clean.toString()).isFalse();
            assertThat(feature(clean, "x").getMetrics()).extracting(m -> m.getMetric())
                    .contains("psi", "ks", "wasserstein");
            assertThat(feature(clean, "age").getDrifted()).isFalse();
            assertThat(feature(clean, "segment").getDrifted()).isFalse();
            assertThat(feature(shifted, "x").getDrifted()).as(shifted.toString()).isTrue();
            assertThat(feature(shifted, "age").getDrifted()).isFalse();
        }
    }

    private static void send(KafkaProducer<String, GenericRecord> producer, ServiceHarness h,
            List<GenericRecord> events, long windowStart) {
        Random random = new Random(windowStart);
        for (int i = 0; i < events.size(); i++) {
            long time = windowStart + (long) i * (WINDOW - 1_000) / events.size();
            producer.send(new ProducerRecord<>(h.topic("events"), null, time, "k" + random.nextInt(1_000),
                    events.get(i)));
        }
        producer.flush();
    }

    private static List<DriftReport> reports(ServiceHarness h) {
        return h.readCommitted(h.topic("drift-reports"), new StringDeserializer(),
                AvroSerdes.specific(DriftReport.class, h.registryClient, h.serdeConfig, false).deserializer(), 0,
                Duration.ofMillis(1)).stream().map(ConsumerRecord::value).toList();
    }

    private static List<Alert> openAlerts(ServiceHarness h) {
        return h.readCommitted(h.topic("alerts"), new StringDeserializer(),
                AvroSerdes.specific(Alert.class, h.registryClient, h.serdeConfig, false).deserializer(), 0,
                Duration.ofMillis(1)).stream().map(ConsumerRecord::value)
                .filter(a -> a.getStatus() == AlertStatus.OPEN).toList();
    }

    private static DriftReport window(List<DriftReport> reports, long start) {
        return reports.stream().filter(r -> r.getWindowStart().toEpochMilli() == start).findFirst().orElseThrow();
    }

    private static FeatureDrift feature(DriftReport report, String name) {
        return report.getFeatures().stream().filter(f -> f.getFeature().equals(name)).findFirst().orElseThrow();
    }
}

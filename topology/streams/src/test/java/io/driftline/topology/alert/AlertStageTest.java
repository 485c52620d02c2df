package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.Severity;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.DriftlineTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert lifecycle on drift reports: hysteresis both ways, one open alert per subject, severities from the
 * metrics' grades, escalation, explanations. PSI levels here are the defaults: warn (drift) 0.25, alert 0.5.
 */
class AlertStageTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private DevSchemaRegistry registry;
    private RestSchemaRegistryClient client;
    private TopologyTestDriver driver;
    private TestInputTopic<String, DriftReport> reports;
    private TestOutputTopic<String, Alert> alerts;
    private long window;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        var reportSerde = AvroSerdes.specific(DriftReport.class, client, serde, false);
        var alertSerde = AvroSerdes.specific(Alert.class, client, serde, false);
        StreamsBuilder builder = new StreamsBuilder();
        AlertStage.alerts(builder, builder.stream("drift-reports", Consumed.with(Serdes.String(), reportSerde)),
                AlertPolicy.defaults(), Clock.systemUTC()).to("alerts", Produced.with(Serdes.String(), alertSerde));
        var props = DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        props.put("state.dir", Files.createTempDirectory(tempRoot, "driftline-alerts").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        reports = driver.createInputTopic("drift-reports", Serdes.String().serializer(), reportSerde.serializer());
        alerts = driver.createOutputTopic("alerts", Serdes.String().deserializer(), alertSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        client.close();
        registry.close();
    }

    @Test
    void shouldOpenAfterTwoDriftedWindowsAndResolveAfterTwoCleanOnes() {
        pipe(0.4, true);
        assertThat(alerts.isEmpty()).as("one drifted window is not enough").isTrue();
        pipe(0.5, true);

        Alert open = alerts.readValue();
        assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.getType()).isEqualTo(AlertType.DATA_DRIFT);
        assertThat(open.getSubject()).isEqualTo("amount");
        assertThat(open.getModel()).isEqualTo("fraud");
        assertThat(open.getMetric()).isEqualTo("psi");
        assertThat(open.getValue()).isEqualTo(0.5);
        assertThat(open.getThreshold()).as("the alert level it reached").isEqualTo(0.5);
        assertThat(open.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.getTopFeatures()).containsExactly("amount");
        assertThat(open.getMessage()).contains("amount", "2 consecutive windows", "psi 0.5000",
                "at or above its alert level 0.5000 (critical)", "1970-01-01T00:01:00Z to 1970-01-01T00:02:00Z");

        pipe(0.6, true);
        pipe(0.01, false);
        assertThat(alerts.isEmpty()).as("still open, one clean window only: nothing new").isTrue();
        pipe(0.01, false);

        Alert resolved = alerts.readValue();
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
        assertThat(resolved.getSeverity()).as("the severity the alert had").isEqualTo(Severity.CRITICAL);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldOpenAsWarningEscalateOnceToCriticalAndResolve() {
        pipe(0.3, true);
        pipe(0.3, true);

        Alert warning = alerts.readValue();
        assertThat(warning.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(warning.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(warning.getThreshold()).isEqualTo(0.25);
        assertThat(warning.getMessage()).contains("psi 0.3000 at or above its warn level 0.2500, below its alert "
                + "level 0.5000");

        pipe(0.6, true);

        Alert critical = alerts.readValue();
        assertThat(critical.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(critical.getAlertId()).isEqualTo(warning.getAlertId());
        assertThat(critical.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.getValue()).isEqualTo(0.6);
        assertThat(critical.getThreshold()).isEqualTo(0.5);
        assertThat(critical.getCreatedAt()).isEqualTo(warning.getCreatedAt());
        assertThat(critical.getUpdatedAt()).isAfterOrEqualTo(warning.getUpdatedAt());
        assertThat(critical.getWindowStart()).isEqualTo(Instant.ofEpochMilli(120_000));
        assertThat(critical.getMessage()).contains("escalated to CRITICAL after 3 consecutive drifted windows",
                "psi 0.6000 at or above its alert level 0.5000");

        pipe(0.7, true);
        pipe(0.3, true);
        assertThat(alerts.isEmpty()).as("escalated once; no de-escalation while open").isTrue();
        pipe(0.01, false);
        pipe(0.01, false);

        Alert resolved = alerts.readValue();
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getAlertId()).isEqualTo(warning.getAlertId());
        assertThat(resolved.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldExplainWithTheMostSevereMetric() {
        MetricResult ks = MetricResult.newBuilder().setMetric("ks").setValue(0.14).setPValue(1e-6).setThreshold(0.01)
                .setDrifted(true).setSeverity(MetricSeverity.ALERT).setEffectSize(0.14).setWarnThreshold(0.0)
                .setAlertThreshold(0.1).build();
        for (int i = 0; i < 2; i++) {
            reports.pipeInput("fraud", report(List.of(feature("amount", 0.3, true, List.of(psi(0.3, true), ks)),
                    feature("hour", 0.4, true, List.of(psi(0.4, true))))));
        }

        List<Alert> opened = alerts.readValuesToList();
        Alert amount = opened.stream().filter(a -> a.getSubject().equals("amount")).findFirst().orElseThrow();
        assertThat(amount.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(amount.getMetric()).isEqualTo("ks");
        assertThat(amount.getThreshold()).isEqualTo(0.1);
        assertThat(amount.getMessage()).contains("ks 0.1400 at or above its alert level 0.1000 (critical)",
                "corrected p-value 1.00e-06 below alpha 0.01000");
        assertThat(amount.getTopFeatures()).as("critical subjects first").containsExactly("amount", "hour");
        Alert hour = opened.stream().filter(a -> a.getSubject().equals("hour")).findFirst().orElseThrow();
        assertThat(hour.getSeverity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void shouldNotOpenOnAlternatingWindows() {
        for (int i = 0; i < 6; i++) {
            pipe(i % 2 == 0 ? 0.4 : 0.01, i % 2 == 0);
        }
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreWindowsWithoutEnoughDataAndShadowModels() {
        pipe(0.4, true);
        reports.pipeInput("fraud", report(List.of(feature("amount", 0, false, List.of()))));
        DriftReport shadow = report(List.of(feature("amount", 0.9, true, List.of(psi(0.9, true)))));
        shadow.setShadow(true);
        reports.pipeInput("fraud", shadow);
        assertThat(alerts.isEmpty()).isTrue();
        pipe(0.4, true);
        assertThat(alerts.readValue().getStatus()).as("insufficient and shadow windows changed nothing")
                .isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void shouldKeyAlertsPerModelTypeAndSubjectAndWarnOnReportsWrittenBeforeGrades() {
        for (int i = 0; i < 2; i++) {
            MetricResult ungraded = MetricResult.newBuilder().setMetric("psi").setValue(0.6).setThreshold(0.25)
                    .setDrifted(true).build();
            reports.pipeInput("fraud", report(List.of(feature("amount", 0.6, true, List.of(ungraded)))));
        }

        var record = alerts.readRecord();
        assertThat(record.key()).isEqualTo("fraud|DATA_DRIFT|amount");
        assertThat(record.value().getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(record.value().getMessage()).contains("psi 0.6000 (threshold 0.2500)");
    }

    @Test
    void shouldOpenAndResolvePerformanceAlertsFromJudgedMetricsOnly() {
        for (int i = 0; i < 3; i++) {
            DriftReport unjudged = report(List.of(feature("amount", 0.01, false, List.of(psi(0.01, false)))));
            unjudged.setPerformance(List.of(auc(0.5, Double.NaN, false))); // too few labels: no evidence
            reports.pipeInput("fraud", unjudged);
        }
        assertThat(alerts.isEmpty()).isTrue();
        for (double value : new double[] {0.80, 0.72}) {
            DriftReport fallen = report(List.of(feature("amount", 0.01, false, List.of(psi(0.01, false)))));
            fallen.setPerformance(List.of(auc(value, 0.85, true)));
            fallen.setLabelled(500);
            reports.pipeInput("fraud", fallen);
        }
        TestRecord<String, Alert> open = alerts.readRecord();
        assertThat(open.key()).isEqualTo("fraud|PERFORMANCE|performance");
        assertThat(open.value().getType()).isEqualTo(AlertType.PERFORMANCE);
        assertThat(open.value().getSeverity()).as("AUC 0.18 below its reference: twice the drop").isEqualTo(
                Severity.CRITICAL);
        assertThat(open.value().getMetric()).isEqualTo("auc");
        assertThat(open.value().getMessage()).contains("performance of model fraud v3", "auc 0.72");
        for (int i = 0; i < 2; i++) {
            DriftReport recovered = report(List.of(feature("amount", 0.01, false, List.of(psi(0.01, false)))));
            recovered.setPerformance(List.of(auc(0.89, 0.85, false)));
            reports.pipeInput("fraud", recovered);
        }
        assertThat(alerts.readValue().getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alerts.isEmpty()).isTrue();
    }

    /** An AUC metric as PerformanceTests grades it against a reference of 0.9 (drop 0.05 warns, 0.1 is critical). */
    private static MetricResult auc(double value, double threshold, boolean fallen) {
        double effect = 0.9 - value;
        MetricSeverity grade = !fallen ? MetricSeverity.NONE : effect >= 0.1 ? MetricSeverity.ALERT
                : MetricSeverity.WARN;
        return MetricResult.newBuilder().setMetric("auc").setValue(value).setThreshold(threshold).setDrifted(fallen)
                .setSeverity(grade).setEffectSize(Double.isNaN(threshold) ? Double.NaN : effect).setWarnThreshold(0.05)
                .setAlertThreshold(0.1).build();
    }

    private void pipe(double psiValue, boolean drifted) {
        reports.pipeInput("fraud", report(List.of(feature("amount", psiValue, drifted, List.of(psi(psiValue, drifted))),
                feature("hour", 0.01, false, List.of(psi(0.01, false))))));
    }

    private DriftReport report(List<FeatureDrift> features) {
        long start = window;
        window += 60_000;
        return DriftReport.newBuilder().setModel("fraud").setModelVersion("3")
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + 60_000))
                .setCount(2_000).setFeatures(features).setPrediction(null).setPerformance(List.of())
                .setCorrection("holm").setSufficientSample(true)
                .setDrifted(features.stream().anyMatch(FeatureDrift::getDrifted)).setCreatedAt(Instant.now()).build();
    }

    private static FeatureDrift feature(String name, double psi, boolean drifted, List<MetricResult> metrics) {
        return FeatureDrift.newBuilder().setFeature(name).setCount(2_000).setMissingRate(0).setMetrics(metrics)
                .setDrifted(drifted).build();
    }

    /** A PSI graded as DriftTests grades it with the default levels; {@code drifted} must agree with them. */
    private static MetricResult psi(double value, boolean drifted) {
        MetricSeverity grade = value >= 0.5 ? MetricSeverity.ALERT : value >= 0.25 ? MetricSeverity.WARN
                : MetricSeverity.NONE;
        assertThat(grade != MetricSeverity.NONE).as("psi %s drifted", value).isEqualTo(drifted);
        return MetricResult.newBuilder().setMetric("psi").setValue(value).setThreshold(0.25).setDrifted(drifted)
                .setSeverity(grade).setEffectSize(value).setWarnThreshold(0.25).setAlertThreshold(0.5).build();
    }
}

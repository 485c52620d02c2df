package io.driftline.topology.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.Label;
import io.driftline.MetricResult;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.concept.ConceptStage;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.StatsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Labels in the real topology under TopologyTestDriver: joined with the predictions of their events, counted into
 * the performance of the window they arrive in (accuracy, log-loss, AUC against the bundle's reference), the
 * Page-Hinkley detector opening a CONCEPT_DRIFT alert as soon as the error rises and resolving it once quiet, and
 * bad labels dead-lettered with their reason.
 */
class LabelTopologyTest {

    private static final long T0 = Transactions.DEFAULT_START_MILLIS;
    private static final long MINUTE = 60_000;
    private static final Duration QUIET = Duration.ofSeconds(30);

    private static ModelBundle bundle;
    private TopologyFixture fx;
    private TestInputTopic<String, byte[]> labels;
    private Serializer<Label> labelSerializer;
    private TestOutputTopic<String, DriftReport> reports;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeAll
    static void train() {
        bundle = DemoModel.train("1", 41, 2_000);
    }

    @BeforeEach
    void start() throws Exception {
        StatsSettings drift = StatsSettings.defaults().withWindows(Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30)).withInputPartitions(InputPartitions.fixed(1));
        LabelSettings labelSettings = LabelSettings.disabled().withEnabled(true)
                .withDelay(Duration.ofMinutes(5), Duration.ofMinutes(1))
                .withDetector(PageHinkley.Settings.defaults(), QUIET);
        fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withDrift(drift).withLabels(labelSettings));
        fx.models.apply(DemoModel.MODEL, bundle.toUpdate());
        labels = fx.driver.createInputTopic(fx.topics.labels().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        labelSerializer = fx.topics.labels().valueSerde().serializer();
        reports = fx.driver.createOutputTopic(fx.topics.driftReports().name(), Serdes.String().deserializer(),
                fx.topics.driftReports().valueSerde().deserializer());
        alerts = fx.driver.createOutputTopic(fx.topics.alerts().name(), Serdes.String().deserializer(),
                fx.topics.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Scores {@code n} events spread over the first 50 s of the minute, returns their predictions. */
    private List<Prediction> score(long minuteStart, int n) {
        for (int i = 0; i < n; i++) {
            long t = minuteStart + i * 50_000L / n;
            fx.pipe(fx.transaction(t), t);
        }
        return fx.predictions.readValuesToList();
    }

    private void label(Prediction prediction, String truth, long at) {
        Label label = Label.newBuilder().setEventId(prediction.getEventId()).setLabel(truth)
                .setTimestamp(Instant.ofEpochMilli(at)).build();
        labels.pipeInput(prediction.getEventId(), labelSerializer.serialize(fx.topics.labels().name(), label), at);
    }

    private static String other(String label) {
        return DemoModel.FRAUD.equals(label) ? DemoModel.LEGIT : DemoModel.FRAUD;
    }

    private static Map<String, MetricResult> performance(DriftReport report) {
        return report.getPerformance().stream().collect(Collectors.toMap(MetricResult::getMetric, Function.identity()));
    }

    @Test
    void shouldTestTheChallengersPerformanceAgainstTheChampionsOnTheSameLabelledEvents() {
        io.driftline.ModelUpdate challenger = DemoModel.train("2", 42, 300).toUpdate();
        challenger.setAction(io.driftline.ModelAction.SHADOW);
        fx.models.apply(DemoModel.MODEL, challenger);
        List<Prediction> scored = score(T0, 300);
        Map<String, Prediction> champion = scored.stream().filter(p -> !p.getShadow())
                .collect(Collectors.toMap(p -> p.getEventId().toString(), Function.identity()));
        List<Prediction> shadow = scored.stream().filter(Prediction::getShadow).toList();
        assertThat(shadow).hasSize(300).allSatisfy(p -> {
            assertThat(p.getChampionVersion()).isEqualTo("1");
            assertThat(p.getChampionLabel()).isEqualTo(champion.get(p.getEventId().toString()).getLabel());
        });
        // The truth is the champion's label: the champion is always right, the challenger where it agrees.
        for (Prediction p : champion.values()) {
            label(p, p.getLabel(), p.getEventTime().toEpochMilli() + 5_000);
        }
        long disagree = shadow.stream().filter(p -> !p.getLabel().equals(p.getChampionLabel())).count();
        score(T0 + 3 * MINUTE, 1); // closes the window

        DriftReport report = reports.readValuesToList().stream().filter(DriftReport::getShadow).findFirst()
                .orElseThrow();
        io.driftline.ChallengerComparison comparison = report.getComparison();
        assertThat(comparison.getPairedLabelled()).isEqualTo(300);
        assertThat(comparison.getPerformanceMetric()).isEqualTo("accuracy");
        assertThat(comparison.getChampionPerformance()).isEqualTo(1.0);
        assertThat(comparison.getChallengerPerformance()).isEqualTo((300.0 - disagree) / 300, within());
        assertThat(comparison.getAgreementRate()).isEqualTo(comparison.getChallengerPerformance(), within());
        assertThat(comparison.getPerformancePValue()).as("%s disagreements, all the challenger's mistakes", disagree)
                .isEqualTo(disagree == 0 ? 1.0 : Math.min(1.0, Math.pow(0.5, disagree - 1)), within());
    }

    @Test
    void shouldMeasureTheWindowsPerformanceOnTheLabelsThatArrivedInIt() {
        assertThat(fx.topology.describe().toString()).contains(LabelStage.PREDICTIONS_BY_EVENT + "-repartition",
                LabelStage.LABELLED_TO_STATS + "-repartition", ConceptStage.SIGNALS_TOPIC + "-repartition",
                LabelStage.JOIN_STORE, ConceptStage.DETECTOR_STORE, ConceptStage.ALERT_STORE);
        List<Prediction> first = score(T0, 300);
        assertThat(first).hasSize(300);
        // Labels five seconds after each event: the truth is the predicted label, so the model is always right.
        for (Prediction p : first) {
            label(p, p.getLabel(), p.getEventTime().toEpochMilli() + 5_000);
        }
        List<Prediction> second = score(T0 + MINUTE, 300); // closes nothing yet: stream time < T0 + 70 s
        // In the second minute the truth is always the other label: the model is always wrong.
        for (Prediction p : second) {
            label(p, other(p.getLabel()), p.getEventTime().toEpochMilli() + 5_000);
        }
        score(T0 + 3 * MINUTE, 1); // closes both windows

        List<DriftReport> windows = reports.readValuesToList();
        assertThat(windows).hasSize(2);
        DriftReport right = windows.get(0);
        assertThat(right.getLabelled()).as("the 300 labels arrived within the first minute").isEqualTo(300);
        Map<String, MetricResult> good = performance(right);
        assertThat(good.get("accuracy").getValue()).isEqualTo(1.0);
        assertThat(good.get("accuracy").getDrifted()).isFalse();
        assertThat(good.get("accuracy").getThreshold()).as("the reference accuracy less 0.05")
                .isEqualTo(bundle.referenceProfile().getPerformance().get("accuracy") - 0.05, within());
        assertThat(good.get("log_loss").getValue()).isLessThan(bundle.referenceProfile().getPerformance().get("log_loss"));

        DriftReport wrong = windows.get(1);
        assertThat(wrong.getLabelled()).isEqualTo(300);
        Map<String, MetricResult> bad = performance(wrong);
        assertThat(bad.get("accuracy").getValue()).isEqualTo(0.0);
        assertThat(bad.get("accuracy").getDrifted()).isTrue();
        assertThat(bad.get("log_loss").getDrifted()).isTrue();
        assertThat(wrong.getDrifted()).as("data drift is apart from performance").isEqualTo(right.getDrifted());
    }

    @Test
    void shouldOpenConceptDriftAsSoonAsTheErrorRisesAndResolveWhenQuiet() {
        List<Prediction> first = score(T0, 300);
        for (Prediction p : first) {
            label(p, p.getLabel(), p.getEventTime().toEpochMilli() + 5_000);
        }
        assertThat(alerts.isEmpty()).isTrue();
        List<Prediction> second = score(T0 + MINUTE, 300);
        int signalledAfter = -1;
        for (int i = 0; i < second.size(); i++) {
            Prediction p = second.get(i);
            label(p, other(p.getLabel()), p.getEventTime().toEpochMilli() + 5_000);
            if (signalledAfter < 0 && !alerts.isEmpty()) {
                signalledAfter = i + 1;
            }
        }
        assertThat(signalledAfter).as("open within the window, after some wrong labels, not at the first")
                .isBetween(30, 200);
        assertThat(fx.allMetrics.labels().conceptSignals()).isPositive();
        List<TestRecord<String, Alert>> opened = alerts.readRecordsToList();
        assertThat(opened).hasSize(1);
        Alert open = opened.get(0).value();
        assertThat(opened.get(0).key()).isEqualTo("fraud|CONCEPT_DRIFT|1");
        assertThat(open.getType()).isEqualTo(AlertType.CONCEPT_DRIFT);
        assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.getSubject()).isEqualTo("1");
        assertThat(open.getMessage()).contains("Concept drift", "fraud v1", "mean error");

        // Quiet for the period on wall-clock time (the windows close on it too: their data drift alerts are not
        // this test's business; the fixture has no profiles or aggregates).
        fx.driver.advanceWallClockTime(QUIET.plusSeconds(5));
        List<Alert> concept = alerts.readValuesToList().stream()
                .filter(a -> a.getType() == AlertType.CONCEPT_DRIFT).toList();
        assertThat(concept).hasSize(1);
        assertThat(concept.get(0).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(concept.get(0).getAlertId()).isEqualTo(open.getAlertId());
    }

    @Test
    void shouldDeadLetterBadLabelsWithTheirReason() {
        Prediction p = score(T0, 1).get(0);
        Label keyedWrong = Label.newBuilder().setEventId(p.getEventId()).setLabel("fraud")
                .setTimestamp(Instant.ofEpochMilli(T0)).build();
        labels.pipeInput("not-the-event-id", labelSerializer.serialize(fx.topics.labels().name(), keyedWrong), T0);
        Label empty = Label.newBuilder().setEventId(p.getEventId()).setTimestamp(Instant.ofEpochMilli(T0)).build();
        labels.pipeInput(p.getEventId(), labelSerializer.serialize(fx.topics.labels().name(), empty), T0);
        labels.pipeInput(p.getEventId(), "not avro".getBytes(StandardCharsets.UTF_8), T0);

        List<TestRecord<byte[], byte[]>> dead = fx.deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value(),
                StandardCharsets.UTF_8)).containsExactly(DeadLetterCode.INVALID_LABEL.name(),
                DeadLetterCode.INVALID_LABEL.name(), DeadLetterCode.NOT_AVRO.name());
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("is not its eventId");
        assertThat(new String(dead.get(1).headers().lastHeader(DeadLetterHeaders.MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("neither a label nor a value");
        assertThat(fx.allMetrics.labels().joined()).isZero();
    }

    @Test
    void shouldReadLabelsInAProducersOwnSchema() {
        Prediction p = score(T0, 1).get(0);
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "Outcome", "namespace": "com.example",
                 "fields": [{"name": "eventId", "type": "string"}, {"name": "label", "type": "string"},
                            {"name": "reviewer", "type": "string"}]}""");
        GenericRecord outcome = new GenericData.Record(schema);
        outcome.put("eventId", p.getEventId());
        outcome.put("label", p.getLabel());
        outcome.put("reviewer", "analyst-7");
        labels.pipeInput(p.getEventId(), fx.eventSerializer.serialize(fx.topics.labels().name(), outcome), T0 + 9_000);
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(fx.allMetrics.labels().joined()).as("joined, timestamped by the record").isEqualTo(1);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}

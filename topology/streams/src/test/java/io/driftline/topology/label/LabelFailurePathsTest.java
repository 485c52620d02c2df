package io.driftline.topology.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.StatsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the README promises when labels go wrong, in the real topology under TopologyTestDriver with explicit event
 * times: a label before its prediction joins once the prediction comes, a label past {@code labels.max.delay.ms}
 * joins nothing, a label sent twice counts once, a regression model is judged by MAE and RMSE.
 */
class LabelFailurePathsTest {

    private static final long T0 = Transactions.DEFAULT_START_MILLIS;
    private static final long MINUTE = 60_000;
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private static ModelBundle fraud;
    private TopologyFixture fx;
    private TestInputTopic<String, byte[]> labels;
    private Serializer<Label> labelSerializer;
    private TestOutputTopic<String, DriftReport> reports;

    @BeforeAll
    static void train() {
        fraud = DemoModel.train("1", 41, 2_000);
    }

    @BeforeEach
    void start() throws Exception {
        start(null);
    }

    /** The topology with one-minute windows, tumbling or, with a hop, hopping. */
    private void start(Duration hop) throws Exception {
        StatsSettings drift = StatsSettings.defaults().withWindows(Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30)).withInputPartitions(InputPartitions.fixed(1));
        if (hop != null) {
            drift = drift.withHop(hop);
        }
        LabelSettings labelSettings = LabelSettings.disabled().withEnabled(true)
                .withDelay(MAX_DELAY, Duration.ofMinutes(1))
                .withDetector(PageHinkley.Settings.defaults(), Duration.ofSeconds(30));
        fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withDrift(drift).withLabels(labelSettings));
        labels = fx.driver.createInputTopic(fx.topics.labels().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        labelSerializer = fx.topics.labels().valueSerde().serializer();
        reports = fx.driver.createOutputTopic(fx.topics.driftReports().name(), Serdes.String().deserializer(),
                fx.topics.driftReports().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Events spread over the first 50 s of the minute, not yet piped. */
    private List<GenericRecord> events(long minuteStart, int n) {
        List<GenericRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fx.transaction(minuteStart + i * 50_000L / n));
        }
        return out;
    }

    private List<Prediction> score(List<GenericRecord> events) {
        for (GenericRecord e : events) {
            fx.pipe(e, eventTime(e));
        }
        return fx.predictions.readValuesToList();
    }

    private static long eventTime(GenericRecord event) {
        Object t = event.get("eventTime");
        return t instanceof Instant instant ? instant.toEpochMilli() : (Long) t;
    }

    private void label(String eventId, String truth, long at) {
        Label label = Label.newBuilder().setEventId(eventId).setLabel(truth).setTimestamp(Instant.ofEpochMilli(at))
                .build();
        labels.pipeInput(eventId, labelSerializer.serialize(fx.topics.labels().name(), label), at);
    }

    private void value(String eventId, double value, long at) {
        Label label = Label.newBuilder().setEventId(eventId).setValue(value).setTimestamp(Instant.ofEpochMilli(at))
                .build();
        labels.pipeInput(eventId, labelSerializer.serialize(fx.topics.labels().name(), label), at);
    }

    /** Pipes one event far enough ahead to close every window before it. */
    private void closeWindowsBefore(long t) {
        fx.pipe(fx.transaction(t), t);
        fx.predictions.readValuesToList();
    }

    private static Map<String, MetricResult> performance(DriftReport report) {
        return report.getPerformance().stream().collect(Collectors.toMap(MetricResult::getMetric, Function.identity()));
    }

    @Test
    void shouldJoinALabelThatArrivesBeforeItsPredictionOnceThePredictionComes() {
        fx.models.apply(DemoModel.MODEL, fraud.toUpdate());
        List<GenericRecord> events = events(T0 + 4 * MINUTE, 150);
        // Each label is known up to four minutes (within the 5 min max delay) before its event is scored.
        for (int i = 0; i < events.size(); i++) {
            GenericRecord e = events.get(i);
            long early = i % 2 == 0 ? 1_000 : 4 * MINUTE;
            label(e.get("transactionId").toString(), DemoModel.LEGIT, eventTime(e) - early);
        }
        assertThat(fx.allMetrics.labels().labels()).isEqualTo(150);
        assertThat(fx.allMetrics.labels().joined()).as("no prediction to join yet").isZero();

        score(events);
        assertThat(fx.allMetrics.labels().joined()).as("each label joined when its prediction came").isEqualTo(150);
        closeWindowsBefore(T0 + 8 * MINUTE);
        long labelled = reports.readValuesToList().stream().mapToLong(DriftReport::getLabelled).sum();
        assertThat(labelled).as("each joined label counted once, in the window it joined in").isEqualTo(150);
    }

    @Test
    void shouldNotJoinALabelThatArrivesAfterTheMaximumDelay() {
        fx.models.apply(DemoModel.MODEL, fraud.toUpdate());
        List<GenericRecord> events = events(T0, 120);
        List<Prediction> predictions = score(events);
        for (Prediction p : predictions) {
            // One millisecond past the join window of each prediction.
            label(p.getEventId(), p.getLabel(), p.getEventTime().toEpochMilli() + MAX_DELAY.toMillis() + 1);
        }
        assertThat(fx.allMetrics.labels().labels()).as("read and valid").isEqualTo(120);
        assertThat(fx.allMetrics.labels().joined()).as("too late to join").isZero();
        assertThat(fx.allMetrics.labels().duplicates()).isZero();

        // One label exactly at the maximum delay still joins: the window's edge is inclusive.
        Prediction last = score(events(T0 + 6 * MINUTE, 1)).get(0);
        label(last.getEventId(), last.getLabel(), last.getEventTime().toEpochMilli() + MAX_DELAY.toMillis());
        assertThat(fx.allMetrics.labels().joined()).isEqualTo(1);
        // Events in the window the label arrived in: a window that holds only labels is not reported today.
        score(events(T0 + 11 * MINUTE, 10));

        closeWindowsBefore(T0 + 20 * MINUTE);
        assertThat(reports.readValuesToList().stream().mapToLong(DriftReport::getLabelled).sum())
                .as("only the one joined label is in any window's performance").isEqualTo(1);
    }

    @Test
    void shouldCountALabelSentTwiceOnceInPerformanceAndInTheMetrics() {
        fx.models.apply(DemoModel.MODEL, fraud.toUpdate());
        List<Prediction> predictions = score(events(T0, 200));
        for (Prediction p : predictions) {
            long at = p.getEventTime().toEpochMilli() + 5_000;
            label(p.getEventId(), p.getLabel(), at);
            label(p.getEventId(), p.getLabel(), at); // the producer's retry: the same record again
        }
        // A retry long after, still within the join window, and one that says otherwise: the first label wins.
        Prediction first = predictions.get(0);
        label(first.getEventId(), first.getLabel(), first.getEventTime().toEpochMilli() + 2 * MINUTE);
        String other = DemoModel.FRAUD.equals(first.getLabel()) ? DemoModel.LEGIT : DemoModel.FRAUD;
        label(first.getEventId(), other, first.getEventTime().toEpochMilli() + 5_001);

        assertThat(fx.allMetrics.labels().labels()).isEqualTo(402);
        assertThat(fx.allMetrics.labels().duplicates()).isEqualTo(202);
        assertThat(fx.allMetrics.labels().joined()).isEqualTo(200);
        closeWindowsBefore(T0 + 10 * MINUTE);
        List<DriftReport> windows = reports.readValuesToList();
        assertThat(windows.stream().mapToLong(DriftReport::getLabelled).sum()).isEqualTo(200);
        DriftReport window = windows.stream().filter(r -> r.getLabelled() > 0).findFirst().orElseThrow();
        assertThat(performance(window).get("accuracy").getValue()).as("the retry that disagreed was dropped")
                .isEqualTo(1.0);
        assertThat(fx.driver.producedTopicNames()).as("the dedupe state is changelogged")
                .anyMatch(t -> t.endsWith(LabelStage.DEDUPE_STORE + "-changelog"));
    }

    @Test
    void shouldJudgeARegressionModelByMaeAndRmse() {
        ModelBundle regression = RegressionEchoModel.bundle("1", 2.0, Math.sqrt(5.0));
        fx.models.apply(RegressionEchoModel.MODEL, regression.toUpdate());
        List<Prediction> first = score(events(T0, 200));
        assertThat(first).allSatisfy(p -> assertThat(p.getLabel()).isNull());
        for (int i = 0; i < first.size(); i++) {
            Prediction p = first.get(i);
            // errors of 1 and 3 in turn: MAE 2, RMSE sqrt(5), as the reference
            value(p.getEventId(), p.getScore() + (i % 2 == 0 ? 1 : -3), p.getEventTime().toEpochMilli() + 5_000);
        }
        List<Prediction> second = score(events(T0 + MINUTE, 200));
        for (int i = 0; i < second.size(); i++) {
            Prediction p = second.get(i);
            // errors of 4 and 8: MAE 6, RMSE sqrt(40), both far above the reference's
            value(p.getEventId(), p.getScore() + (i % 2 == 0 ? 4 : -8), p.getEventTime().toEpochMilli() + 5_000);
        }
        // A class label cannot judge a regression model: joined, but not counted.
        value(second.get(0).getEventId(), Double.NaN, second.get(0).getEventTime().toEpochMilli() + 6_000);
        closeWindowsBefore(T0 + 4 * MINUTE);

        List<DriftReport> windows = reports.readValuesToList().stream()
                .filter(r -> r.getModel().equals(RegressionEchoModel.MODEL)).toList();
        assertThat(windows).hasSize(2);
        Map<String, MetricResult> good = performance(windows.get(0));
        assertThat(windows.get(0).getLabelled()).isEqualTo(200);
        assertThat(good).containsOnlyKeys("mae", "rmse");
        assertThat(good.get("mae").getValue()).isCloseTo(2.0, within(1e-9));
        assertThat(good.get("rmse").getValue()).isCloseTo(Math.sqrt(5.0), within(1e-9));
        assertThat(good.get("mae").getDrifted()).isFalse();
        assertThat(good.get("rmse").getDrifted()).isFalse();
        assertThat(good.get("mae").getThreshold()).as("the reference's MAE plus 25%").isCloseTo(2.5, within(1e-9));

        Map<String, MetricResult> bad = performance(windows.get(1));
        assertThat(windows.get(1).getLabelled()).isEqualTo(200);
        assertThat(bad.get("mae").getValue()).isCloseTo(6.0, within(1e-9));
        assertThat(bad.get("rmse").getValue()).isCloseTo(Math.sqrt(40.0), within(1e-9));
        assertThat(bad.get("mae").getDrifted()).isTrue();
        assertThat(bad.get("rmse").getDrifted()).isTrue();
    }

    @Test
    void shouldCountEachLabelledPredictionInEveryHoppingWindowThatHoldsItsLabel() throws Exception {
        fx.close();
        start(Duration.ofSeconds(20)); // windows a minute long, one every 20 s
        fx.models.apply(DemoModel.MODEL, fraud.toUpdate());
        long base = Math.floorDiv(T0, MINUTE) * MINUTE + MINUTE;
        List<Prediction> predictions = score(events(base, 150)); // in [base, base + 50 s)
        // Labels in three groups, at 65 s, 85 s and 105 s; events keep coming every 5 s so that every window is
        // reported, and in time order, so that no label is late for a window that holds it.
        Map<Long, List<Prediction>> groups = Map.of(65_000L, predictions.subList(0, 60),
                85_000L, predictions.subList(60, 110), 105_000L, predictions.subList(110, 150));
        for (long t = 55_000; t <= 175_000; t += 5_000) {
            score(List.of(fx.transaction(base + t)));
            for (Prediction p : groups.getOrDefault(t, List.of())) {
                label(p.getEventId(), p.getLabel(), base + t);
            }
        }
        assertThat(fx.allMetrics.labels().joined()).isEqualTo(150);
        closeWindowsBefore(base + 10 * MINUTE);

        Map<Long, Long> labelledByStart = reports.readValuesToList().stream().collect(Collectors.toMap(
                r -> (r.getWindowStart().toEpochMilli() - base) / 1_000, DriftReport::getLabelled));
        // A label at 65 s is in the windows starting at 20, 40 and 60 s; at 85 s in 40, 60, 80; at 105 s in 60,
        // 80, 100.
        assertThat(labelledByStart).containsEntry(0L, 0L).containsEntry(20L, 60L).containsEntry(40L, 110L)
                .containsEntry(60L, 150L).containsEntry(80L, 90L).containsEntry(100L, 40L).containsEntry(120L, 0L);
        assertThat(fx.allMetrics.stats().late()).as("no label came after a window holding it closed").isZero();
    }

    @Test
    void shouldKeepTheConceptDetectorStateInAChangeloggedStore() {
        fx.models.apply(DemoModel.MODEL, fraud.toUpdate());
        Prediction p = score(events(T0, 1)).get(0);
        label(p.getEventId(), p.getLabel(), T0 + 5_000);
        assertThat(fx.driver.producedTopicNames())
                .anyMatch(t -> t.endsWith(ConceptStage.DETECTOR_STORE + "-changelog"));
    }
}

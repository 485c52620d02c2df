package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.enrich.window.AggregateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stats stage in the real topology under TopologyTestDriver, with explicit event times: windows close on
 * stream time and, for an idle partition, on wall-clock time; partials of several partitions (piped straight into
 * the partials topic, as TopologyTestDriver has one partition per topic) merge into one report; drift is flagged
 * for a shifted feature and not for stationary data.
 */
class StatsTopologyTest {

    private static final long T0 = Transactions.DEFAULT_START_MILLIS; // a whole minute
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final String PARTIALS = "driftline-" + StatsStage.PARTIALS_TOPIC + "-repartition";
    private static final String CHANGELOG = "driftline-" + StatsStage.ACCUMULATOR_STORE + "-changelog";

    private static final long TRAINING_SEED = 41;

    private static ModelBundle bundle;
    private TopologyFixture fx;
    private TestOutputTopic<String, DriftReport> reports;

    @BeforeAll
    static void train() {
        bundle = DemoModel.train("1", TRAINING_SEED, 2_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(StatsSettings drift, List<AggregateSpec> aggregates) throws Exception {
        fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withAggregates(aggregates, Duration.ofMinutes(1)).withDrift(drift));
        fx.models.apply(DemoModel.MODEL, bundle.toUpdate());
        reports = fx.driver.createOutputTopic(fx.topics.driftReports().name(), Serdes.String().deserializer(),
                fx.topics.driftReports().valueSerde().deserializer());
    }

    private static StatsSettings settings(int inputPartitions) {
        return StatsSettings.defaults().withWindows(SIZE, GRACE, IDLE)
                .withInputPartitions(InputPartitions.fixed(inputPartitions));
    }

    private void pipeAt(long eventTime) {
        GenericRecord event = fx.transaction(eventTime);
        fx.pipe(event, eventTime);
    }

    @Test
    void shouldReportAWindowOnceStreamTimeReachesItsEndPlusGrace() throws Exception {
        start(settings(1), List.of());
        assertThat(fx.topology.describe().toString()).contains(StatsStage.ACCUMULATE_PROCESSOR,
                StatsStage.MERGE_PROCESSOR, "stores: [" + StatsStage.ACCUMULATOR_STORE + "]",
                "stores: [" + StatsStage.MERGE_STORE + "]", "topic: " + StatsStage.PARTIALS_TOPIC + "-repartition");
        for (int i = 0; i < 5; i++) {
            pipeAt(T0 + 1_000 + i);
        }
        pipeAt(T0 + 60_000 + 9_999); // next window; stream time one short of the first one's end plus grace
        assertThat(reports.isEmpty()).isTrue();

        pipeAt(T0 + 70_000);
        TestRecord<String, DriftReport> record = reports.readRecord();
        DriftReport report = record.value();
        assertThat(reports.isEmpty()).isTrue();
        assertThat(record.key()).isEqualTo("fraud");
        assertThat(record.timestamp()).as("made now; the window is in the report").isEqualTo(
                report.getCreatedAt().toEpochMilli());
        assertThat(report.getModel()).isEqualTo("fraud");
        assertThat(report.getModelVersion()).isEqualTo("1");
        assertThat(report.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(report.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(report.getCount()).isEqualTo(5);
        assertThat(report.getPartitions()).isEqualTo(1);
        assertThat(report.getInputPartitions()).isEqualTo(1);
        assertThat(report.getSufficientSample()).as("5 events, minimum 100").isFalse();
        assertThat(report.getFeatures()).extracting(FeatureDrift::getFeature).containsExactly("amount", "hourOfDay",
                "distanceKm", "cardPresent", "merchantCategory", "creditLimit", "cardAgeDays", "txn_count_10m",
                "amount_sum_10m");
        assertThat(report.getFeatures()).allSatisfy(f -> assertThat(f.getMetrics()).isEmpty());
        assertThat(report.getPrediction().getFeature()).isEqualTo("score");
        assertThat(report.getPrediction().getCount()).isEqualTo(5);
        assertThat(report.getPredictedLabels().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
        assertThat(report.getShadow()).isFalse();
        assertThat(fx.predictions.readValuesToList()).as("predictions as before: one per event").hasSize(7);

        pipeAt(T0 + 2_000); // late for the first window: not counted, and no second report for it
        assertThat(fx.allMetrics.stats().late()).isEqualTo(1);
        pipeAt(T0 + 130_000);
        DriftReport second = reports.readValue();
        assertThat(second.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(second.getCount()).isEqualTo(2);
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldCompareAShadowWithItsChampionOnTheSameEventsInItsReport() throws Exception {
        start(settings(1), List.of());
        io.driftline.ModelUpdate challenger = DemoModel.train("2", TRAINING_SEED + 1, 2_000).toUpdate();
        challenger.setAction(io.driftline.ModelAction.SHADOW);
        fx.models.apply(DemoModel.MODEL, challenger);
        for (int i = 0; i < 200; i++) {
            pipeAt(T0 + 1_000 + i * 100);
        }
        pipeAt(T0 + 70_000); // closes the first window

        java.util.Map<Boolean, DriftReport> byShadow = new java.util.HashMap<>();
        reports.readValuesToList().forEach(r -> byShadow.put(r.getShadow(), r));
        assertThat(byShadow).containsKeys(true, false);
        assertThat(byShadow.get(false).getComparison()).as("a champion's report compares nothing").isNull();
        io.driftline.ChallengerComparison comparison = byShadow.get(true).getComparison();
        assertThat(comparison.getChampionVersion()).isEqualTo("1");
        assertThat(comparison.getEvents()).as("every event both scored").isEqualTo(200);
        assertThat(comparison.getLabelled()).isEqualTo(200);
        assertThat(comparison.getAgreementRate()).isBetween(0.8, 1.0);
        assertThat(comparison.getScoreCorrelation()).as("two models of the same data").isGreaterThan(0.5);
        assertThat(comparison.getScoreKs()).isBetween(0.0, 1.0);
        assertThat(comparison.getScoreKsPValue()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldNotLetADeadLetteredRecordStampedAheadCloseTheWindows() throws Exception {
        // Kafka Streams' stream time moves with every record read; the windows' clock only with what they count.
        // Seen in the broker bounce: a producer that stamped its records after the outage put them ahead of
        // another producer's backlog, and the backlog's valid events went late behind records dead-lettered anyway.
        start(settings(1), List.of());
        pipeAt(T0 + 1_000);
        fx.events.pipeInput("card-x", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                T0 + 200_000);
        assertThat(fx.deadLetters.readValuesToList()).hasSize(1);
        pipeAt(T0 + 2_000); // behind the rejected record's time, within its window's grace
        assertThat(fx.allMetrics.stats().late()).as("a valid event is not late behind a rejected one").isZero();
        assertThat(reports.isEmpty()).isTrue();

        pipeAt(T0 + 70_000);
        assertThat(reports.readValue().getCount()).isEqualTo(2);
    }

    @Test
    void shouldNotTakeAPunctuationFarBehindItsScheduleAsIdleTime() throws Exception {
        // A stream thread blocked for a while (a commit retried through a broker outage) read nothing meanwhile:
        // its first punctuation after that is no evidence that the partition was idle.
        start(settings(1), List.of());
        for (int i = 0; i < 3; i++) {
            pipeAt(T0 + 1_000 + i);
        }
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        fx.driver.advanceWallClockTime(IDLE.multipliedBy(3)); // one punctuation, 90 s after the one before
        assertThat(reports.isEmpty()).as("a stall, not idle time").isTrue();

        pipeAt(T0 + 4_000); // what waited behind the stall is still counted
        passes(IDLE.plusSeconds(6));
        assertThat(reports.readValue().getCount()).isEqualTo(4);
    }

    @Test
    void shouldNotGiveUpOnMissingPartialsAfterAStalledPunctuation() throws Exception {
        start(settings(3), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 200);
        partials.pipeInput("fraud", three.get(0), T0);
        partials.pipeInput("fraud", three.get(2), T0);
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        fx.driver.advanceWallClockTime(IDLE.multipliedBy(4)); // one punctuation, long after the wait ran out
        assertThat(reports.isEmpty()).as("the wait starts again after a stall").isTrue();

        partials.pipeInput("fraud", three.get(1), T0);
        assertThat(reports.readValue().getCount()).isEqualTo(600);
    }

    @Test
    void shouldCountEachEventInEveryHoppingWindowThatHoldsIt() throws Exception {
        start(settings(1).withHop(Duration.ofSeconds(30)), List.of());
        pipeAt(T0 + 10_000); // in [T0 - 30 s, T0 + 30 s) and [T0, T0 + 60 s)
        pipeAt(T0 + 40_000); // in [T0, T0 + 60 s) and [T0 + 30 s, T0 + 90 s)
        pipeAt(T0 + 50_000);
        pipeAt(T0 + 95_000); // closes the first two (end plus 10 s grace), not [T0 + 30 s, T0 + 90 s)

        List<DriftReport> closed = reports.readValuesToList();
        assertThat(closed).extracting(r -> r.getWindowStart().toEpochMilli() - T0, DriftReport::getCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-30_000L, 1L),
                        org.assertj.core.groups.Tuple.tuple(0L, 3L));
        assertThat(closed).allSatisfy(r -> assertThat(r.getWindowEnd().toEpochMilli()
                - r.getWindowStart().toEpochMilli()).as("a hop apart, a window size long").isEqualTo(60_000));
        pipeAt(T0 + 100_000);
        DriftReport third = reports.readValue();
        assertThat(third.getWindowStart().toEpochMilli() - T0).isEqualTo(30_000);
        assertThat(third.getCount()).as("the events at 40 s and 50 s").isEqualTo(2);
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldJudgeTheLastWindowOfASwappedOutVersionAgainstItsOwnReference() throws Exception {
        start(settings(1), List.of());
        for (int i = 0; i < 3; i++) {
            pipeAt(T0 + 1_000 + i);
        }
        fx.models.apply(DemoModel.MODEL, DemoModel.train("2", 42, 1_000).toUpdate());
        pipeAt(T0 + 70_000); // scored by v2 only; closes v1's window

        DriftReport report = reports.readValue();
        assertThat(report.getModelVersion()).isEqualTo("1");
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(fx.models.currentVersion(DemoModel.MODEL)).isEqualTo("2");
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldLeaveTheStageOutWhenDisabled() throws Exception {
        start(settings(1).withEnabled(false), List.of());
        pipeAt(T0 + 1_000);
        pipeAt(T0 + 200_000);

        assertThat(fx.topology.describe().toString()).doesNotContain("stats-");
        assertThat(fx.predictions.readValuesToList()).hasSize(2);
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteOpenWindowsToTheChangelogInsideTheCommitThatConsumedTheirEvents() throws Exception {
        // TopologyFixture runs exactly-once: the driver's producer shows only what was sent before the transaction
        // committed the input offsets. A write-back after the commit (StateStore#commit) would show up nowhere.
        start(settings(1), List.of());
        TestOutputTopic<byte[], byte[]> changelog = fx.driver.createOutputTopic(CHANGELOG,
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        pipeAt(T0 + 1_000);
        pipeAt(T0 + 2_000);

        List<byte[]> writes = windowWrites(changelog);
        assertThat(writes).hasSize(2);
        assertThat(windowIn(writes.get(0)).events()).isEqualTo(1);
        assertThat(windowIn(writes.get(1)).events()).isEqualTo(2);

        pipeAt(T0 + 70_000);
        List<byte[]> closing = windowWrites(changelog);
        assertThat(closing).as("the closed window's tombstone, the next window's first write").hasSize(2);
        assertThat(closing).filteredOn(v -> v == null).hasSize(1);
    }

    @Test
    void shouldWriteLiveTrafficToTheChangelogAsDeltasNotWholeWindows() throws Exception {
        // The driver commits after every record: live traffic at its thinnest, a commit per event. Writing the whole
        // window back each time would cost its size (tens of kilobytes once its sketches fill) per event.
        start(settings(1), List.of());
        TestOutputTopic<byte[], byte[]> changelog = fx.driver.createOutputTopic(CHANGELOG,
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        int events = 1_500;
        for (int i = 0; i < events; i++) {
            pipeAt(T0 + 1_000 + i * 30L);
        }
        List<byte[]> writes = windowWrites(changelog);
        long bytes = writes.stream().mapToLong(v -> v == null ? 0 : v.length).sum();
        byte[] whole = writes.stream().filter(v -> v != null && v[1] == AccumulatorEntry.WINDOW)
                .reduce((a, b) -> b).orElseThrow();
        System.out.printf("changelog bytes per live event: %.0f; the window's last whole write: %,d bytes%n",
                (double) bytes / events, whole.length);
        assertThat(writes).as("a write per commit, and the tombstones of compacted deltas").hasSizeGreaterThan(events);
        assertThat((double) bytes / events).as("changelog bytes per event, against the whole window's")
                .isLessThan(whole.length / 8.0);

        pipeAt(T0 + 70_000); // closes the window: its report counts every event, whole and deltas
        assertThat(reports.readValuesToList()).singleElement()
                .satisfies(r -> assertThat(r.getCount()).isEqualTo(events));
    }

    private static WindowStats windowIn(byte[] changelogValue) {
        return ((AccumulatorEntry.Window) AccumulatorEntry.LAYOUT.decode(changelogValue)).stats();
    }

    /** The changelog's window writes, the window clock's left out (it is written with every commit that moves it). */
    private static List<byte[]> windowWrites(TestOutputTopic<byte[], byte[]> changelog) {
        return changelog.readKeyValuesToList().stream()
                .filter(kv -> !java.util.Arrays.equals(kv.key, AccumulatorStore.CLOCK_KEY.get()))
                .map(kv -> kv.value).toList();
    }

    /** Wall-clock time passing second by second, as a running stream thread sees it (one big jump is a stall). */
    private void passes(Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldCloseTheWindowsOfAnIdlePartitionOnWallClockTime() throws Exception {
        start(settings(1), List.of());
        for (int i = 0; i < 3; i++) {
            pipeAt(T0 + 1_000 + i);
        }
        for (int s = 0; s < 29; s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertThat(reports.isEmpty()).as("idle for less than the allowance").isTrue();

        for (int s = 0; s < 6; s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<DriftReport> all = reports.readValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(all.get(0).getCount()).isEqualTo(3);

        for (int s = 0; s < 3 * 60; s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertThat(reports.isEmpty()).as("empty partials of wall-clock windows make no report").isTrue();
    }

    /** Input progress that a test switches: behind (records unread) or caught up. */
    private static final class Backlog implements InputProgress {
        volatile boolean behind = true;

        @Override
        public boolean caughtUp(int partition) {
            return !behind;
        }

        @Override
        public boolean allCaughtUp() {
            return !behind;
        }
    }

    @Test
    void shouldNotCloseWindowsOnWallClockTimeWhileThePartitionHasUnreadRecords() throws Exception {
        Backlog backlog = new Backlog();
        start(settings(1).withInputProgress(backlog), List.of());
        for (int i = 0; i < 3; i++) {
            pipeAt(T0 + 1_000 + i);
        }
        for (int s = 0; s < 3 * 60; s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertThat(reports.isEmpty()).as("records wait: not idle, whatever the wall clock says").isTrue();

        pipeAt(T0 + 2_000); // the backlog goes on: the window holds it
        backlog.behind = false;
        for (int s = 0; s < 35; s++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<DriftReport> all = reports.readValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getCount()).isEqualTo(4);
    }

    @Test
    void shouldKeepWaitingForMissingPartialsWhileInputHereIsUnread() throws Exception {
        Backlog backlog = new Backlog();
        start(settings(3).withInputProgress(backlog), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 200);
        partials.pipeInput("fraud", three.get(0), T0);
        partials.pipeInput("fraud", three.get(2), T0);

        passes(IDLE.multipliedBy(4));
        assertThat(reports.isEmpty()).as("the missing partial may be in the backlog").isTrue();
        partials.pipeInput("fraud", three.get(1), T0);
        assertThat(reports.readValue().getCount()).isEqualTo(600);
    }

    @Test
    void shouldNotLetALatePartialShortenAWaitStartedAgain() throws Exception {
        Backlog backlog = new Backlog();
        start(settings(3).withInputProgress(backlog), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 200);
        partials.pipeInput("fraud", three.get(0), T0);
        passes(IDLE.multipliedBy(4));
        partials.pipeInput("fraud", three.get(2), T0); // its first arrival is long past the wait

        backlog.behind = false;
        passes(Duration.ofSeconds(6));
        assertThat(reports.isEmpty()).as("the wait started again while behind still runs").isTrue();
        passes(IDLE.multipliedBy(2));
        assertThat(reports.readValue().getPartitions()).isEqualTo(2);
    }

    @Test
    void shouldStartTheMergeWaitAgainOnceInputHereIsCaughtUp() throws Exception {
        Backlog backlog = new Backlog();
        start(settings(3).withInputProgress(backlog), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 200);
        partials.pipeInput("fraud", three.get(0), T0);
        partials.pipeInput("fraud", three.get(2), T0);
        passes(IDLE.multipliedBy(4));

        backlog.behind = false;
        passes(Duration.ofSeconds(1));
        passes(IDLE.multipliedBy(2).minusSeconds(6));
        assertThat(reports.isEmpty()).as("the whole wait again, with every input read").isTrue();
        passes(Duration.ofSeconds(12));
        DriftReport report = reports.readValue();
        assertThat(report.getPartitions()).isEqualTo(2);
        assertThat(report.getCount()).isEqualTo(400);
    }

    @Test
    void shouldMergeOnePartialPerPartitionIntoOneReport() throws Exception {
        start(settings(3), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 300);

        partials.pipeInput("fraud", three.get(0), T0);
        partials.pipeInput("fraud", three.get(1), T0);
        partials.pipeInput("fraud", three.get(1), T0); // sent again (at-least-once): counted once
        assertThat(reports.isEmpty()).as("partition 2 is missing").isTrue();

        partials.pipeInput("fraud", three.get(2), T0);
        DriftReport report = reports.readValue();
        assertThat(report.getCount()).isEqualTo(900);
        assertThat(report.getPartitions()).isEqualTo(3);
        assertThat(report.getInputPartitions()).isEqualTo(3);
        assertThat(report.getSufficientSample()).isTrue();
        assertThat(report.getFeatures()).allSatisfy(f -> assertThat(f.getCount()).isEqualTo(900));
        FeatureDrift amount = report.getFeatures().get(0);
        assertThat(amount.getMetrics()).extracting(MetricResult::getMetric)
                .containsExactly("psi", "js_distance", "ks", "wasserstein");
        assertThat(amount.getMean()).isPositive();
        assertThat(report.getFeatures().get(4).getMetrics()).extracting(MetricResult::getMetric)
                .containsExactly("chi_square", "psi");
        assertThat(report.getPrediction().getMetrics()).extracting(MetricResult::getMetric)
                .contains("psi", "ks");
        assertThat(report.getCorrection()).isEqualTo("holm");

        partials.pipeInput("fraud", three.get(0), T0);
        assertThat(reports.isEmpty()).as("the window was reported").isTrue();
    }

    @Test
    void shouldReportWithoutASilentPartitionAfterTwiceTheIdleAllowance() throws Exception {
        start(settings(3), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> three = partials(3, T0, 200);
        partials.pipeInput("fraud", three.get(0), T0);
        partials.pipeInput("fraud", three.get(2), T0);

        passes(IDLE.multipliedBy(2).minusSeconds(1));
        assertThat(reports.isEmpty()).isTrue();
        passes(Duration.ofSeconds(6));
        DriftReport report = reports.readValue();
        assertThat(report.getPartitions()).isEqualTo(2);
        assertThat(report.getInputPartitions()).isEqualTo(3);
        assertThat(report.getCount()).isEqualTo(400);

        partials.pipeInput("fraud", three.get(1), T0);
        assertThat(reports.isEmpty()).as("too late: the window was reported").isTrue();
    }

    @Test
    void shouldNotReportAWindowWhosePartialsAreAllEmpty() throws Exception {
        start(settings(2), List.of());
        TestInputTopic<String, WindowPartial> partials = partialsTopic();
        List<WindowPartial> empty = partials(2, T0, 0);
        partials.pipeInput("fraud", empty.get(0), T0);
        passes(IDLE.multipliedBy(3));
        partials.pipeInput("fraud", empty.get(1), T0);
        passes(IDLE.multipliedBy(3));

        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldFlagAShiftedAmountAndNothingOnStationaryData() throws Exception {
        // Five-minute windows hold about 1,000 payments of the simulation (2,000 cards, one payment per card per
        // ten minutes) of the cards the model was trained on; the first ten minutes warm the ten-minute aggregates
        // up, as training did. Default thresholds, every metric on: Wasserstein included, whose stationary values
        // here are below 0.1 reference sd on every feature, the heavy-tailed amounts too, against its warn level
        // 0.2 (measured over the reference's central 98%; the full distance was below 0.1 here as well, but not
        // with three partitions on a real broker: DriftReportIT).
        Duration size = Duration.ofMinutes(5);
        DriftThresholds thresholds = DriftThresholds.defaults();
        start(StatsSettings.defaults().withWindows(size, GRACE, IDLE).withInputPartitions(InputPartitions.fixed(1))
                .withThresholds(thresholds), AggregateSpec.parseList(DemoModel.AGGREGATES));
        Transactions.Generator generator = DemoPopulation.payments(TRAINING_SEED);
        for (int card = 0; card < generator.cards().size(); card++) {
            fx.pipeProfile(generator.cards().cardId(card), generator.cards().profile(card));
        }
        long warm = T0 + Duration.ofMinutes(10).toMillis();
        long stationaryEnd = warm + 2 * size.toMillis();
        long shiftedEnd = stationaryEnd + size.toMillis();
        Transactions.Generator source = generator;
        Transactions.Payment payment;
        do {
            payment = source.nextPayment();
            fx.pipe(payment.transaction(), payment.eventTime());
            if (source == generator && payment.eventTime() >= stationaryEnd) {
                source = generator.withAmountShift(2.0); // continues the same simulation, amounts doubled
            }
        } while (payment.eventTime() < shiftedEnd + GRACE.toMillis());

        Map<Long, DriftReport> byStart = reports.readValuesToList().stream()
                .collect(Collectors.toMap(r -> r.getWindowStart().toEpochMilli(), Function.identity()));
        DriftReport first = byStart.get(warm);
        DriftReport second = byStart.get(warm + size.toMillis());
        DriftReport drifted = byStart.get(stationaryEnd);
        assertThat(first.getCount()).isGreaterThan(800);
        assertThat(first.getFeatures()).as("Wasserstein is judged on every numeric feature")
                .filteredOn(f -> !f.getFeature().equals("merchantCategory"))
                .allSatisfy(f -> assertThat(f.getMetrics()).extracting(MetricResult::getMetric).contains("wasserstein"));
        assertThat(first.getDrifted()).as(describe(first)).isFalse();
        assertThat(second.getDrifted()).as(describe(second)).isFalse();
        assertThat(drifted.getDrifted()).as(describe(drifted)).isTrue();
        assertThat(feature(drifted, "amount").getDrifted()).as(describe(drifted)).isTrue();
        assertThat(feature(drifted, "hourOfDay").getDrifted()).as(describe(drifted)).isFalse();
    }

    private static FeatureDrift feature(DriftReport report, String name) {
        return report.getFeatures().stream().filter(f -> f.getFeature().equals(name)).findFirst().orElseThrow();
    }

    private static String describe(DriftReport report) {
        StringBuilder out = new StringBuilder("window " + report.getWindowStart() + ", " + report.getCount()
                + " events:");
        List<FeatureDrift> all = new java.util.ArrayList<>(report.getFeatures());
        all.add(report.getPrediction());
        for (FeatureDrift f : all) {
            out.append("\n  ").append(f.getFeature()).append(f.getDrifted() ? " DRIFT" : "");
            for (MetricResult m : f.getMetrics()) {
                out.append(String.format(" %s=%.4f%s", m.getMetric(), m.getValue(),
                        m.getPValue() == null ? "" : String.format("(p %.2g)", m.getPValue())));
            }
        }
        return out.toString();
    }

    private TestInputTopic<String, WindowPartial> partialsTopic() {
        return fx.driver.createInputTopic(PARTIALS, Serdes.String().serializer(),
                StatsCodec.partialSerde().serializer());
    }

    /** One partial per partition of a window, each with {@code events} demo payments scored by the bundle. */
    private static List<WindowPartial> partials(int partitions, long windowStart, int events) {
        try (DemoScoring demo = new DemoScoring(bundle, 23)) {
            ModelLayout layout = ModelLayout.of(demo.model);
            List<WindowPartial> out = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                WindowStats stats = layout.newWindow(windowStart, windowStart + SIZE.toMillis(), false);
                for (int i = 0; i < events; i++) {
                    layout.add(stats, demo.next());
                }
                out.add(new WindowPartial(stats, p, partitions));
            }
            return out;
        }
    }
}

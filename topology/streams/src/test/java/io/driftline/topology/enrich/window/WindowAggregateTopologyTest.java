package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.TimeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage under TopologyTestDriver with explicit event times: events in, each event's aggregates out as text
 * ("name=value;..."), so every value is visible exactly; the dead-letter topic as the processing exception handler
 * writes it. Windows are 10 s and grace 5 s unless a test says otherwise. The last tests run the whole topology
 * with a model.
 */
class WindowAggregateTopologyTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("com.example").fields()
            .optionalDouble("amount").optionalString("merchant").endRecord();
    private static final Schema THIN = SchemaBuilder.record("Payment").namespace("com.example").fields()
            .optionalString("merchant").endRecord();
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String ALL = "n=count(amount)@10s, total=sum(amount)@10s, avg=mean(amount)@10s, "
            + "lo=min(amount)@10s, hi=max(amount)@10s, merchants=distinct(merchant)@10s";

    private final DeadLetterMetrics deadLetterMetrics = new DeadLetterMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestOutputTopic<String, String> aggregates;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<byte[], byte[]> changelog;
    private Topology topology;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldCountAnEventExactlyOneWindowBeforeAsOutAndOneMillisecondLaterAsIn() throws Exception {
        start(ALL);
        pipe("k", 1_000, 1.0, "a");
        pipe("k", 1_001, 2.0, "b");

        assertThat(pipe("k", 11_000, 4.0, "b")).as("(1 000, 11 000]: the event at 1 000 is out")
                .isEqualTo(Map.of("n", 2.0, "total", 6.0, "avg", 3.0, "lo", 2.0, "hi", 4.0, "merchants", 1.0));
        assertThat(pipe("k", 11_001, 8.0, "c")).as("(1 001, 11 001]: the event at 1 001 is out too")
                .isEqualTo(Map.of("n", 2.0, "total", 12.0, "avg", 6.0, "lo", 4.0, "hi", 8.0, "merchants", 2.0));
    }

    @Test
    void shouldIncludeTheEventItselfAndEveryEarlierEventOfItsKeyInTheWindow() throws Exception {
        start(ALL);
        assertThat(pipe("k", 1_000, 5.0, "a"))
                .isEqualTo(Map.of("n", 1.0, "total", 5.0, "avg", 5.0, "lo", 5.0, "hi", 5.0, "merchants", 1.0));
        assertThat(pipe("k", 2_000, -3.0, "a"))
                .isEqualTo(Map.of("n", 2.0, "total", 2.0, "avg", 1.0, "lo", -3.0, "hi", 5.0, "merchants", 1.0));
    }

    @Test
    void shouldComputeEachAggregateOverItsOwnWindowFromOneFetchOfTheLongest() throws Exception {
        start("short=count(amount)@1s, long=count(amount)@1m, longSum=sum(amount)@1m");
        pipe("k", 0, 1.0, null);
        pipe("k", 30_000, 2.0, null);

        assertThat(pipe("k", 30_500, 4.0, null)).isEqualTo(Map.of("short", 2.0, "long", 3.0, "longSum", 7.0));
        assertThat(pipe("k", 60_000, 8.0, null)).as("(0, 60 000]: the first event is out of the minute")
                .isEqualTo(Map.of("short", 1.0, "long", 3.0, "longSum", 14.0));
    }

    @Test
    void shouldKeepEachKeysAggregatesApart() throws Exception {
        start(ALL);
        pipe("a", 1_000, 1.0, "x");
        pipe("b", 1_500, 100.0, "y");
        pipe("a", 2_000, 2.0, "z");

        assertThat(pipe("b", 3_000, 200.0, "y"))
                .isEqualTo(Map.of("n", 2.0, "total", 300.0, "avg", 150.0, "lo", 100.0, "hi", 200.0, "merchants", 1.0));
        assertThat(pipe("a", 3_000, 3.0, "x"))
                .isEqualTo(Map.of("n", 3.0, "total", 6.0, "avg", 2.0, "lo", 1.0, "hi", 3.0, "merchants", 2.0));
    }

    @Test
    void shouldCountTwoEventsOfOneKeyAtTheSameMillisecond() throws Exception {
        start("n=count(amount)@10s, total=sum(amount)@10s, merchants=distinct(merchant)@10s");
        pipe("k", 5_000, 1.0, "a");
        assertThat(pipe("k", 5_000, 2.0, "b")).isEqualTo(Map.of("n", 2.0, "total", 3.0, "merchants", 2.0));
        assertThat(pipe("k", 5_000, 4.0, "a")).isEqualTo(Map.of("n", 3.0, "total", 7.0, "merchants", 2.0));
        assertThat(pipe("k", 6_000, 8.0, "c")).isEqualTo(Map.of("n", 4.0, "total", 15.0, "merchants", 3.0));
    }

    @Test
    void shouldStoreAnOutOfOrderEventWithinGraceAndGiveItItsOwnWindow() throws Exception {
        start(ALL);
        pipe("k", 10_000, 1.0, "a");
        assertThat(pipe("k", 20_000, 2.0, "b")).as("(10 000, 20 000]").containsEntry("n", 1.0);

        // 4 s behind stream time 20 000 (grace 5 s): its window (6 000, 16 000] holds 10 000 and itself, not 20 000.
        assertThat(pipe("k", 16_000, 4.0, "c"))
                .isEqualTo(Map.of("n", 2.0, "total", 5.0, "avg", 2.5, "lo", 1.0, "hi", 4.0, "merchants", 2.0));
        // A later event counts it: (11 000, 21 000] holds 16 000, 20 000 and itself.
        assertThat(pipe("k", 21_000, 8.0, "a"))
                .isEqualTo(Map.of("n", 3.0, "total", 14.0, "avg", 14.0 / 3, "lo", 2.0, "hi", 8.0, "merchants", 3.0));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldAcceptAnEventExactlyGraceBehindStreamTime() throws Exception {
        start(ALL);
        pipe("k", 20_000, 1.0, "a");
        assertThat(pipe("k", 15_000, 2.0, "a")).containsEntry("n", 1.0);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnEventBeyondGraceWithItsOriginalBytesAndNeverCountIt() throws Exception {
        start(ALL);
        pipe("k", 10_000, 1.0, "a");
        pipe("k", 20_000, 2.0, "b");
        byte[] late = AvroEvents.avro(payment(100.0, "late"));
        events.pipeInput("k", late, 14_999);

        assertThat(aggregates.isEmpty()).as("no aggregates for the late event").isTrue();
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(late);
        assertThat(dead.key()).isEqualTo("k".getBytes());
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("LATE_EVENT");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE))
                .contains("key 'k'", "14999", "stream time 20000", "PT5S");
        assertThat(deadLetterMetrics.count(DeadLetterCode.LATE_EVENT)).isEqualTo(1);

        assertThat(pipe("k", 20_500, 4.0, "c")).as("(10 500, 20 500] without the late event")
                .isEqualTo(Map.of("n", 2.0, "total", 6.0, "avg", 3.0, "lo", 2.0, "hi", 4.0, "merchants", 2.0));
    }

    @Test
    void shouldJudgeLatenessByTheTasksStreamTimeNotTheKeys() throws Exception {
        start(ALL);
        pipe("a", 1_000, 1.0, "x");
        pipe("b", 20_000, 1.0, "x");

        events.pipeInput("a", AvroEvents.avro(payment(2.0, "x")), 2_000);
        assertThat(header(deadLetters.readRecord(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("LATE_EVENT");
    }

    @Test
    void shouldNotCountAbsentOrNullFieldsAndLeaveMeanMinAndMaxOfNothingOut() throws Exception {
        start(ALL);
        assertThat(pipe("k", 1_000, null, null)).as("a null amount and merchant")
                .isEqualTo(Map.of("n", 0.0, "total", 0.0, "merchants", 0.0));
        assertThat(pipeRecord("k", 2_000, thin("m"))).as("no amount field at all")
                .isEqualTo(Map.of("n", 0.0, "total", 0.0, "merchants", 1.0));
        assertThat(pipe("k", 3_000, 7.0, null))
                .isEqualTo(Map.of("n", 1.0, "total", 7.0, "avg", 7.0, "lo", 7.0, "hi", 7.0, "merchants", 1.0));
    }

    @Test
    void shouldCountDistinctValuesAsText() throws Exception {
        start("merchants=distinct(merchant)@10s, amounts=distinct(amount)@10s");
        pipe("k", 1_000, 1.0, "a");
        pipe("k", 2_000, 1.0, "b");
        pipe("k", 3_000, 2.5, "a");
        assertThat(pipe("k", 4_000, null, "A")).as("case matters; nulls are not a value")
                .isEqualTo(Map.of("merchants", 3.0, "amounts", 2.0));
    }

    @Test
    void shouldDeadLetterTextWhereANumericAggregateReadsAndNotStoreIt() throws Exception {
        start("n=count(merchant)@10s, total=sum(merchant)@10s");
        pipe("k", 1_000, null, null);
        byte[] bad = AvroEvents.avro(payment(1.0, "not a number"));
        events.pipeInput("k", bad, 2_000);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("WRONG_TYPE");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("'merchant'", "'total'", "expected a number");
        assertThat(pipe("k", 3_000, null, null)).isEqualTo(Map.of("n", 0.0, "total", 0.0));
    }

    @Test
    void shouldDeadLetterNaNAndInfinityAsNotFinite() throws Exception {
        start("total=sum(amount)@10s");
        events.pipeInput("k", AvroEvents.avro(payment(Double.NaN, null)), 1_000);
        events.pipeInput("k", AvroEvents.avro(payment(Double.NEGATIVE_INFINITY, null)), 1_001);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.ERROR_CODE))
                .containsExactly("NOT_FINITE", "NOT_FINITE");
        assertThat(pipe("k", 1_002, 1.0, null)).isEqualTo(Map.of("total", 1.0));
    }

    @Test
    void shouldNotLetADeadLetteredEventStampedAheadMakeTheValidEventsBehindItLate() throws Exception {
        start("total=sum(amount)@10s");
        assertThat(pipe("k", 10_000, 1.0, null)).isEqualTo(Map.of("total", 1.0));
        // Refused (NOT_FINITE) a minute ahead: Kafka Streams' stream time moves to 70 s, the stage's clock does not.
        events.pipeInput("k", AvroEvents.avro(payment(Double.NaN, null)), 70_000);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.ERROR_CODE))
                .containsExactly("NOT_FINITE");

        assertThat(pipe("k", 10_500, 2.0, null)).as("within grace of the last accepted event")
                .isEqualTo(Map.of("total", 3.0));
        assertThat(pipe("other", 11_000, 5.0, null)).isEqualTo(Map.of("total", 5.0));
    }

    @Test
    void shouldKeepTheClockOfAcceptedEventsAcrossARestartOfTheTask() throws Exception {
        start("total=sum(amount)@10s");
        pipe("k", 100_000, 1.0, null);
        restartOnTheSameState();

        events.pipeInput("k", AvroEvents.avro(payment(2.0, null)), 90_000);
        assertThat(deadLetters.readRecordsToList()).as("10 s behind the restored clock, beyond the 5 s grace")
                .extracting(r -> header(r, DeadLetterHeaders.ERROR_CODE)).containsExactly("LATE_EVENT");
        assertThat(pipe("k", 99_000, 4.0, null)).as("within grace: accepted, its window (89 s, 99 s]")
                .isEqualTo(Map.of("total", 4.0));
    }

    @Test
    void shouldCountNaNAsPresentWhereOnlyCountOrDistinctReadsIt() throws Exception {
        start("n=count(amount)@10s, amounts=distinct(amount)@10s");
        assertThat(pipe("k", 1_000, Double.NaN, null)).isEqualTo(Map.of("n", 1.0, "amounts", 1.0));
    }

    @Test
    void shouldGiveAKeylessEventAggregatesOfItselfAlone() throws Exception {
        start("n=count(amount)@10s, total=sum(amount)@10s");
        pipe(null, 1_000, 1.0, null);
        assertThat(pipe(null, 2_000, 2.0, null)).isEqualTo(Map.of("n", 1.0, "total", 2.0));
        assertThat(changelog.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldWriteEachAcceptedEventOnceToANamedChangeloggedStoreWithoutRepartitioning() throws Exception {
        start(ALL);
        pipe("k", 1_000, 1.0, "a");
        pipe("k", 1_000, 2.0, "a");
        pipe("j", 20_000, 3.0, "b");
        events.pipeInput("k", AvroEvents.avro(payment(4.0, "late")), 1_000);
        assertThat(header(deadLetters.readRecord(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("LATE_EVENT");

        assertThat(changelog.readRecordsToList()).hasSize(3);
        String description = topology.describe().toString();
        assertThat(description).contains(WindowAggregateStage.PROCESSOR, WindowAggregateStage.STORE)
                .doesNotContain("repartition");
        assertThat(topology.describe().subtopologies()).hasSize(1);
    }

    @Test
    void shouldRejectAnEmptyListOfAggregatesAndANegativeGrace() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, InputEvent> events = AvroEvents.source(builder, "test-decode");
        List<AggregateSpec> specs = AggregateSpec.parseList("n=count(a)@1s");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WindowAggregateStage.aggregate(builder, events, List.of(), GRACE));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WindowAggregateStage.aggregate(builder, events, specs, Duration.ofMillis(-1)))
                .withMessageContaining("grace");
    }

    // --- through the whole topology, with models ---

    @Test
    void shouldFeedAggregatesToTheModelThroughTheWholeTopology() throws Exception {
        List<AggregateSpec> specs = AggregateSpec.parseList(
                "n=count(amount)@10m, total=sum(amount)@10m, avg=mean(amount)@10m, top=max(amount)@1s");
        try (TopologyFixture fx = new TopologyFixture(settings(specs))) {
            fx.models.apply(AggregateEchoModel.MODEL, AggregateEchoModel.bundle("1", specs, "transactionId", -1)
                    .toUpdate());
            GenericRecord first = fx.transaction(1_000L);
            first.put("amount", 10.5);
            GenericRecord second = fx.transaction(60_000L);
            second.put("cardId", first.get("cardId"));
            second.put("amount", 20.25);
            fx.pipe(first, 1_000L);
            fx.pipe(second, 60_000L);

            List<Prediction> out = fx.predictions.readValuesToList();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).getScores())
                    .isEqualTo(Map.of("n", 1.0, "total", 10.5, "avg", 10.5, "top", 10.5));
            assertThat(out.get(1).getScores())
                    .isEqualTo(Map.of("n", 2.0, "total", 30.75, "avg", 15.375, "top", 20.25));
        }
    }

    @Test
    void shouldFeedAMissingMeanMinOrMaxThroughTheFeaturesMissingPolicy() throws Exception {
        List<AggregateSpec> specs = AggregateSpec.parseList("n=count(distanceKm)@1m, far=max(distanceKm)@1m");
        try (TopologyFixture fx = new TopologyFixture(settings(specs))) {
            fx.models.apply(AggregateEchoModel.MODEL, AggregateEchoModel.bundle("1", specs, null, -7).toUpdate());
            Schema noDistance = SchemaBuilder.record("Transaction").namespace("io.driftline.demo").fields()
                    .requiredString("transactionId").requiredString("cardId").requiredDouble("amount").endRecord();
            GenericRecord event = new GenericData.Record(noDistance);
            event.put("transactionId", "t-1");
            event.put("cardId", "card-1");
            event.put("amount", 3.0);
            fx.pipe(event, 1_000L);

            assertThat(fx.predictions.readValue().getScores()).isEqualTo(Map.of("n", 0.0, "far", -7.0));
        }
    }

    @Test
    void shouldStillScoreTheDemoModelWithAggregatesOn() throws Exception {
        ModelBundle demo = DemoModel.train("1", 11, 1_000);
        try (TopologyFixture fx = new TopologyFixture(settings(AggregateSpec.parseList(
                "txn_count_10m=count(amount)@10m, amount_sum_24h=sum(amount)@24h")))) {
            fx.models.apply(DemoModel.MODEL, demo.toUpdate());
            for (int i = 0; i < 20; i++) {
                fx.pipe(fx.transaction(1_000L + i), 1_000L + i);
            }
            List<Prediction> out = fx.predictions.readValuesToList();
            assertThat(out).hasSize(20).allSatisfy(p -> assertThat(p.getScore()).isBetween(0.0, 1.0));
            assertThat(fx.deadLetters.isEmpty()).isTrue();
            assertThat(fx.driver.getWindowStore(WindowAggregateStage.STORE)).isNotNull();
        }
    }

    // --- helpers ---

    private static DriftlineTopology.Settings settings(List<AggregateSpec> specs) {
        return DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withAggregates(specs, GRACE);
    }

    /**
     * A restart of the task as Kafka Streams does it: a new driver whose clock store is restored from the changelog
     * the old one wrote (TopologyTestDriver does not restore by itself).
     */
    private void restartOnTheSameState() throws Exception {
        var clockChangelog = driver.createOutputTopic("window-test-" + WindowAggregateStage.CLOCK_STORE + "-changelog",
                Serdes.String().deserializer(), TimeLayout.of(WindowAggregateStage.CLOCK_STORE).deserializer())
                .readKeyValuesToList();
        assertThat(clockChangelog).as("the clock is changelogged").isNotEmpty();
        driver.close();
        start(started);
        org.apache.kafka.streams.state.KeyValueStore<String, Long> clock =
                driver.getKeyValueStore(WindowAggregateStage.CLOCK_STORE);
        clockChangelog.forEach(entry -> clock.put(entry.key, entry.value));
    }

    private String started;

    private void start(String specs) throws Exception {
        started = specs;
        StreamsBuilder builder = new StreamsBuilder();
        WindowAggregateStage.aggregate(builder, AvroEvents.source(builder, "test-decode"), AggregateSpec.parseList(specs), GRACE)
                .mapValues(e -> text(e.enrichment().aggregates()), Named.as("test-aggregates-text"))
                .to("aggregates", Produced.with(Serdes.String(), Serdes.String()));
        topology = builder.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(tempRoot, "driftline-window").toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "events-dlq");
        props.put(DeadLetterHandler.METRICS_CONFIG, deadLetterMetrics);
        driver = new TopologyTestDriver(topology, props);
        events = driver.createInputTopic("events", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        aggregates = driver.createOutputTopic("aggregates", Serdes.String().deserializer(), Serdes.String().deserializer());
        deadLetters = driver.createOutputTopic("events-dlq", Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        changelog = driver.createOutputTopic("window-test-" + WindowAggregateStage.STORE + "-changelog",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }


    private Map<String, Double> pipe(String key, long timestamp, Double amount, String merchant) {
        return pipeRecord(key, timestamp, payment(amount, merchant));
    }

    private Map<String, Double> pipeRecord(String key, long timestamp, GenericRecord event) {
        events.pipeInput(key, AvroEvents.avro(event), timestamp);
        assertThat(deadLetters.isEmpty()).as("dead letters").isTrue();
        return parse(aggregates.readValue());
    }

    private static GenericRecord payment(Double amount, String merchant) {
        GenericRecord r = new GenericData.Record(PAYMENT);
        r.put("amount", amount);
        r.put("merchant", merchant);
        return r;
    }

    private static GenericRecord thin(String merchant) {
        GenericRecord r = new GenericData.Record(THIN);
        r.put("merchant", merchant);
        return r;
    }

    private static String text(Map<String, Double> aggregates) {
        return new TreeMap<>(aggregates).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> out = new TreeMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split(";")) {
                String[] kv = pair.split("=");
                out.put(kv[0], Double.parseDouble(kv[1]));
            }
        }
        return out;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value());
    }


}

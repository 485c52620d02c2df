package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.enrich.window.AggregateEchoModel;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.StatsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs of issue 16 through the real topology under TopologyTestDriver: a recursive value, a label
 * at Long.MAX_VALUE, an event half an hour ahead, an amount of 1e308. Each offending record lands in the dead-letter
 * topic once with its code; the records after it are still scored, with their key's aggregates untouched.
 */
class HostileInputTopologyTest {

    /** Event times a minute behind the wall clock: well inside the default five-minute future skew. */
    private final long base = System.currentTimeMillis() - 60_000;

    @Test
    void shouldDeadLetterARecursiveValueAsTooDeepAndScoreTheEventsAfterIt() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            fx.models.apply(DemoModel.MODEL, DemoModel.train("1", 5, 500).toUpdate());
            int id = fx.registryClient.register(fx.topics.events().name() + "-recursive", HostileInputs.RECURSIVE);
            byte[] hostile = HostileInputs.chain(id, 200_000); // the 200 KB event of the issue

            fx.pipe(fx.transaction(base), base);
            fx.events.pipeInput("hostile", hostile, base + 1);
            fx.pipe(fx.transaction(base + 2), base + 2);

            List<TestRecord<byte[], byte[]>> dead = fx.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_CODE)).isEqualTo("TOO_DEEP");
            assertThat(dead.get(0).value()).isEqualTo(hostile);
            assertThat(fx.predictions.readValuesToList()).hasSize(2);
        }
    }

    @Test
    void shouldTurnAStackOverflowIntoATooDeepRejectionButLetAJvmWideErrorThrough() {
        assertThat(RejectedRecordException.ofError(new StackOverflowError(), "event x").code())
                .isEqualTo(DeadLetterCode.TOO_DEEP);
        assertThat(RejectedRecordException.ofError(new AssertionError("bug"), "event x").code())
                .isEqualTo(DeadLetterCode.UNEXPECTED);
        assertThatThrownBy(() -> RejectedRecordException.ofError(new OutOfMemoryError("heap"), "event x"))
                .isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void shouldDeadLetterLabelsTimedOutOfRangeAndStillJoinTheLabelsAfterThem() throws Exception {
        StatsSettings drift = StatsSettings.defaults().withWindows(Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30)).withInputPartitions(InputPartitions.fixed(1));
        LabelSettings labels = LabelSettings.disabled().withEnabled(true)
                .withDelay(Duration.ofMinutes(5), Duration.ofMinutes(1));
        try (TopologyFixture fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withDrift(drift).withLabels(labels))) {
            fx.models.apply(DemoModel.MODEL, DemoModel.train("1", 5, 500).toUpdate());
            TestInputTopic<String, byte[]> labelTopic = fx.driver.createInputTopic(fx.topics.labels().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            var serializer = fx.topics.labels().valueSerde().serializer();
            GenericRecord first = fx.transaction(base);
            GenericRecord second = fx.transaction(base + 2_000);
            fx.pipe(first, base);
            String firstId = first.get("transactionId").toString();
            String secondId = second.get("transactionId").toString();

            labelTopic.pipeInput(firstId, serializer.serialize(fx.topics.labels().name(),
                    label(firstId, Long.MAX_VALUE)), base + 1_000);
            labelTopic.pipeInput(firstId, serializer.serialize(fx.topics.labels().name(),
                    label(firstId, -5)), base + 1_001);
            fx.pipe(second, base + 2_000);
            labelTopic.pipeInput(secondId, serializer.serialize(fx.topics.labels().name(),
                    label(secondId, base + 3_000)), base + 3_000);

            List<TestRecord<byte[], byte[]>> dead = fx.deadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.ERROR_CODE))
                    .containsExactly("TIMESTAMP_OUT_OF_RANGE", "TIMESTAMP_OUT_OF_RANGE");
            assertThat(fx.predictions.readValuesToList()).hasSize(2);
            assertThat(fx.allMetrics.labels().joined()).isEqualTo(1);
        }
    }

    @Test
    void shouldDeadLetterAnEventFarAheadWithoutMovingStreamTime() throws Exception {
        // Two aggregates: the echo model is a multiclass model of one class per aggregate, and one class is none.
        List<AggregateSpec> specs = AggregateSpec.parseList("n=count(amount)@10m, m=count(amount)@10m");
        try (TopologyFixture fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withAggregates(specs, Duration.ofMinutes(1)))) {
            fx.models.apply(AggregateEchoModel.MODEL, AggregateEchoModel.bundle("1", specs, "transactionId", -1)
                    .toUpdate());
            long ahead = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
            fx.pipe(onCard(fx.transaction(base), "card-1"), base);
            byte[] future = fx.pipe(onCard(fx.transaction(ahead), "card-1"), ahead);
            fx.pipe(onCard(fx.transaction(base + 1_000), "card-1"), base + 1_000);

            List<TestRecord<byte[], byte[]>> dead = fx.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_CODE)).isEqualTo("TIMESTAMP_OUT_OF_RANGE");
            assertThat(header(dead.get(0), DeadLetterHeaders.TIMESTAMP)).isEqualTo(Long.toString(ahead));
            assertThat(dead.get(0).value()).isEqualTo(future);
            // not LATE_EVENT: the refused event never moved stream time; nor does it count in the card's window
            assertThat(fx.predictions.readValuesToList()).extracting(p -> p.getScores().get("n"))
                    .containsExactly(1.0, 2.0);
        }
    }

    @Test
    void shouldDeadLetterAnAmountThatWouldMakeTheSumNonFiniteAndKeepTheCardsSum() throws Exception {
        List<AggregateSpec> specs = AggregateSpec.parseList("n=count(amount)@10m, total=sum(amount)@10m");
        try (TopologyFixture fx = new TopologyFixture(DriftlineTopology.Settings.defaults().withParkedDrainInterval(Duration.ofMillis(100))
                .withAggregates(specs, Duration.ofMinutes(1)))) {
            fx.models.apply(AggregateEchoModel.MODEL, AggregateEchoModel.bundle("1", specs, "transactionId", -1)
                    .toUpdate());
            fx.pipe(withAmount(onCard(fx.transaction(base), "card-1"), 10.0), base);
            fx.pipe(withAmount(onCard(fx.transaction(base + 1), "card-1"), 1e308), base + 1);
            fx.pipe(withAmount(onCard(fx.transaction(base + 2), "card-1"), 3e38), base + 2);
            fx.pipe(withAmount(onCard(fx.transaction(base + 3), "card-1"), 3e38), base + 3); // 6e38: past a float
            fx.pipe(withAmount(onCard(fx.transaction(base + 4), "card-1"), -3e38), base + 4);

            assertThat(fx.deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.ERROR_CODE))
                    .containsExactly("NOT_FINITE", "NOT_FINITE");
            List<Map<String, Double>> scores = fx.predictions.readValuesToList().stream()
                    .map(Prediction::getScores).toList();
            assertThat(scores).hasSize(3);
            assertThat(scores.get(0)).isEqualTo(Map.of("n", 1.0, "total", 10.0));
            assertThat(scores.get(2).get("n")).isEqualTo(3.0);
            assertThat(scores.get(2).get("total")).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e32));
        }
    }

    private static Label label(String eventId, long timestamp) {
        return Label.newBuilder().setEventId(eventId).setLabel("legit").setTimestamp(Instant.ofEpochMilli(timestamp))
                .build();
    }

    private static GenericRecord onCard(GenericRecord event, String card) {
        event.put("cardId", card);
        return event;
    }

    private static GenericRecord withAmount(GenericRecord event, double amount) {
        event.put("amount", amount);
        return event;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

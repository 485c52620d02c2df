package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.EventFilter;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Routing": each model scores the topics its manifest names (the events topic by default), the events
 * its filter selects, and writes to its own output topic; one model's bad event or bad deploy never disturbs
 * another; a topic no champion reads yet parks its events without holding up other topics. Real ONNX graphs
 * ({@link ProbeModels}: {@code sigmoid} scores every x, {@code gather} fails for x outside [-2, 2)) through the
 * real topology.
 */
class RoutingTopologyTest {

    private static final String MERCHANT_EVENTS = "merchant-events";
    private static final String MERCHANT_PREDICTIONS = "merchant-predictions";

    private TopologyFixture fx;
    private TestInputTopic<String, byte[]> merchantEvents;
    private TestOutputTopic<String, Prediction> merchantPredictions;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TopologyFixture();
        merchantEvents = fx.driver.createInputTopic(MERCHANT_EVENTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        merchantPredictions = fx.driver.createOutputTopic(MERCHANT_PREDICTIONS, Serdes.String().deserializer(),
                fx.topics.predictions().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void shouldScoreEachTopicOnlyWithItsOwnModelAndWriteToThatModelsOutputTopic() {
        deploy(named("fraud", ProbeModels.sigmoid("1")));
        deploy(routed(named("merchant", ProbeModels.gather("7")), List.of(MERCHANT_EVENTS), MERCHANT_PREDICTIONS));

        pipe(fx.topics.events().name(), "e1", 0, 1L, null);
        pipe(MERCHANT_EVENTS, "m1", 1, 2L, null);
        pipe(fx.topics.events().name(), "e2", 5, 3L, null); // gather would fail on 5: it never sees this topic

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).extracting(Prediction::getEventId).containsExactly("e1", "e2");
        assertThat(predictions).extracting(Prediction::getModel).containsOnly("fraud");
        List<Prediction> merchant = merchantPredictions.readValuesToList();
        assertThat(merchant).extracting(Prediction::getEventId).containsExactly("m1");
        assertThat(merchant).extracting(Prediction::getModel).containsOnly("merchant");
        assertThat(merchant.get(0).getScore()).isCloseTo(0.7, within(1e-6));
        assertThat(merchant.get(0).getSourceTopic()).isEqualTo(MERCHANT_EVENTS);
        assertThat(fx.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepOneModelsPredictionWhenAnotherModelOnTheSameTopicFailsOnTheEvent() {
        deploy(named("fraud", ProbeModels.sigmoid("1")));
        deploy(named("probe", ProbeModels.gather("2")));

        pipe(fx.topics.events().name(), "a", 0, 1L, null);
        byte[] bad = pipe(fx.topics.events().name(), "b", 5, 2L, null); // only gather fails on it

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).extracting(p -> p.getModel() + ":" + p.getEventId())
                .containsExactly("fraud:a", "probe:a", "fraud:b");
        TestRecord<byte[], byte[]> dead = fx.deadLetters.readRecord();
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MODEL_FAILED");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("probe v2").contains("could not score");
        assertThat(fx.metrics.championFailuresByModel()).containsExactly(Map.entry("probe v2", 1L));
        assertThat(fx.allMetrics.deadLetters().count(DeadLetterCode.MODEL_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheOtherModelsPredictionsUnchangedWhenOneModelsDeployIsRejected() {
        deploy(named("fraud", ProbeModels.sigmoid("1")));
        deploy(routed(named("merchant", ProbeModels.gather("1")), List.of(MERCHANT_EVENTS), MERCHANT_PREDICTIONS));
        pipe(fx.topics.events().name(), "before", 0.5, 1L, null);
        double before = fx.predictions.readValue().getScore();

        ModelUpdate broken = routed(named("merchant", ProbeModels.gather("2")), List.of(MERCHANT_EVENTS),
                MERCHANT_PREDICTIONS);
        broken.setSha256("0".repeat(64));
        assertThat(fx.models.apply("merchant", broken).kind()).isEqualTo(ModelEvent.Kind.REJECTED);
        pipe(fx.topics.events().name(), "after", 0.5, 2L, null);
        pipe(MERCHANT_EVENTS, "m", 0, 3L, null);

        Prediction after = fx.predictions.readValue();
        assertThat(after.getModel()).isEqualTo("fraud");
        assertThat(after.getScore()).isEqualTo(before);
        assertThat(merchantPredictions.readValue().getModelVersion()).as("the previous version keeps serving")
                .isEqualTo("1");
    }

    @Test
    void shouldScoreOnlyTheEventsAModelsFilterSelectsByHeaderOrFieldAndCountTheRest() {
        deploy(filtered(named("acme", ProbeModels.sigmoid("1")), EventFilter.newBuilder().setHeader("tenant")
                .setValues(List.of("acme")).build()));
        deploy(filtered(named("picked", ProbeModels.sigmoid("1")), EventFilter.newBuilder().setField("id")
                .setValues(List.of("p1", "p2")).build()));

        pipe(fx.topics.events().name(), "x1", 0, 1L, "acme");
        pipe(fx.topics.events().name(), "p1", 0, 2L, "globex");
        pipe(fx.topics.events().name(), "x2", 0, 3L, null);
        pipe(fx.topics.events().name(), "p2", 0, 4L, "acme");

        assertThat(fx.predictions.readValuesToList()).extracting(p -> p.getModel() + ":" + p.getEventId())
                .containsExactly("acme:x1", "picked:p1", "acme:p2", "picked:p2");
        assertThat(fx.metrics.unroutedByTopic()).containsExactly(Map.entry(fx.topics.events().name(), 1L));
        assertThat(fx.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldParkATopicsEventsUntilItsModelArrivesWhileOtherTopicsScoreAndKeepTheirHeadersForTheFilter() {
        deploy(named("fraud", ProbeModels.sigmoid("1")));
        pipe(MERCHANT_EVENTS, "m1", 1, 1L, "acme");
        pipe(MERCHANT_EVENTS, "m2", 1, 2L, "globex");
        pipe(fx.topics.events().name(), "e1", 0, 3L, null);
        assertThat(fx.predictions.readValuesToList()).extracting(Prediction::getEventId).containsExactly("e1");
        assertThat(fx.metrics.parked()).isEqualTo(2);

        ModelUpdate merchant = routed(named("merchant", ProbeModels.gather("1")), List.of(MERCHANT_EVENTS),
                MERCHANT_PREDICTIONS);
        deploy(filtered(merchant, EventFilter.newBuilder().setHeader("tenant").setValues(List.of("acme")).build()));
        pipe(MERCHANT_EVENTS, "m3", 1, 4L, "acme"); // drains the backlog first: order per partition is kept

        assertThat(merchantPredictions.readValuesToList()).extracting(Prediction::getEventId).containsExactly("m1", "m3");
        assertThat(fx.metrics.parked()).isZero();
        assertThat(fx.metrics.unroutedByTopic()).containsExactly(Map.entry(MERCHANT_EVENTS, 1L));
    }

    @Test
    void shouldScoreAShadowOnItsChampionsRouteAndNeverLetItsFailureReachTheDeadLetters() {
        deploy(routed(named("merchant", ProbeModels.sigmoid("1")), List.of(MERCHANT_EVENTS), MERCHANT_PREDICTIONS));
        deploy(ProbeModels.asShadow(named("merchant", ProbeModels.gather("2")))); // its own manifest names events

        pipe(fx.topics.events().name(), "e", 0, 1L, null); // no champion reads events: parked, not shadow-scored
        pipe(MERCHANT_EVENTS, "m1", 0, 2L, null);
        pipe(MERCHANT_EVENTS, "m2", 5, 3L, null);

        List<Prediction> merchant = merchantPredictions.readValuesToList();
        assertThat(merchant).extracting(p -> p.getModelVersion() + ":" + p.getEventId() + (p.getShadow() ? "s" : ""))
                .containsExactly("1:m1", "2:m1s", "1:m2");
        assertThat(fx.predictions.isEmpty()).isTrue();
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(fx.metrics.shadowFailuresByModel()).containsExactly(Map.entry("merchant v2 (shadow)", 1L));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(fx.metrics.parked()).isEqualTo(1);
    }

    private static ModelUpdate named(String model, ModelUpdate update) {
        update.setModel(model);
        return update;
    }

    private static ModelUpdate routed(ModelUpdate update, List<String> inputs, String output) {
        update.getManifest().setInputTopics(inputs);
        update.getManifest().setOutputTopic(output);
        return update;
    }

    private static ModelUpdate filtered(ModelUpdate update, EventFilter filter) {
        update.getManifest().setFilter(filter);
        return update;
    }

    private void deploy(ModelUpdate update) {
        ModelEvent event = fx.models.apply(update.getModel(), update);
        assertThat(event.kind()).as(event.message()).isEqualTo(ModelEvent.Kind.DEPLOYED);
    }

    private byte[] pipe(String topic, String id, double x, long timestamp, String tenant) {
        byte[] bytes = fx.eventSerializer.serialize(topic, ProbeModels.event(id, x));
        RecordHeaders headers = new RecordHeaders();
        if (tenant != null) {
            headers.add("tenant", tenant.getBytes(StandardCharsets.UTF_8));
        }
        TestInputTopic<String, byte[]> input = topic.equals(MERCHANT_EVENTS) ? merchantEvents : fx.events;
        input.pipeInput(new TestRecord<>(id, bytes, headers, timestamp));
        return bytes;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README "Bad input": a model that fails on one record dead-letters that record as {@code MODEL_FAILED} and
 * scores the others; a NaN score is the model failing; a shadow's failure never costs the champion's prediction
 * and never reaches the dead-letter topic. Real ONNX graphs ({@link ProbeModels}) through the real topology.
 */
class ScoringFailureTopologyTest {

    private TopologyFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TopologyFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void shouldDeadLetterTheOneEventTheModelFailsOnAsModelFailedAndScoreTheOthers() {
        deploy(ProbeModels.gather("1"));
        pipe("a", 0, 1L);
        byte[] bad = pipe("b", 5, 2L); // Gather index 5 of a two-row table: ONNX Runtime fails on this row only
        pipe("c", 1, 3L);

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).extracting(Prediction::getEventId).containsExactly("a", "c");
        assertThat(predictions).extracting(Prediction::getScore)
                .satisfiesExactly(s -> assertThat(s).isCloseTo(0.2, within(1e-6)),
                        s -> assertThat(s).isCloseTo(0.7, within(1e-6)));
        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(dead.key()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MODEL_FAILED");
        assertThat(header(dead, "__streams.errors.exception")).contains("ScoringException");
        assertThat(header(dead, "__streams.errors.message")).contains("probe v1").contains("could not score");
        assertThat(header(dead, "__streams.errors.offset")).isEqualTo("1");
        assertThat(fx.allMetrics.deadLetters().snapshot()).containsExactly(Map.entry(DeadLetterCode.MODEL_FAILED, 1L));
    }

    @Test
    void shouldDeadLetterOnlyTheFailingEventOfAParkedBacklogAsModelFailed() {
        pipe("a", 0, 1L);
        byte[] bad = pipe("b", 7, 2L);
        pipe("c", 1, 3L);
        deploy(ProbeModels.gather("1"));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(fx.predictions.readValuesToList()).extracting(Prediction::getEventId).containsExactly("a", "c");
        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MODEL_FAILED");
        assertThat(fx.allMetrics.deadLetters().count(DeadLetterCode.MODEL_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterAnEventTheModelScoresAsNaNAsModelFailed() {
        deploy(ProbeModels.sqrt("1"));
        pipe("a", 0.25, 1L);
        byte[] bad = pipe("b", -1, 2L); // sqrt(-1): the graph itself gives NaN
        pipe("c", 0.64, 3L);

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).extracting(Prediction::getEventId).containsExactly("a", "c");
        assertThat(predictions).allSatisfy(p -> assertThat(p.getScore()).isFinite());
        assertThat(predictions.get(1).getScore()).isCloseTo(0.8, within(1e-6));
        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MODEL_FAILED");
        assertThat(header(dead, "__streams.errors.message")).contains("non-finite score").contains("NaN");
    }

    @Test
    void shouldPublishTheChampionsPredictionForEveryEventWhenTheShadowFailsAndCountTheShadowsFailure() {
        deploy(ProbeModels.sigmoid("1"));
        deploy(ProbeModels.asShadow(ProbeModels.gather("2")));
        pipe("a", 0, 1L);
        pipe("b", 5, 2L); // the shadow fails here, the champion does not
        pipe("c", 1, 3L);

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).filteredOn(p -> !p.getShadow()).extracting(Prediction::getEventId)
                .containsExactly("a", "b", "c");
        assertThat(predictions).filteredOn(p -> !p.getShadow()).extracting(Prediction::getModelVersion)
                .containsOnly("1");
        assertThat(predictions).filteredOn(Prediction::getShadow).extracting(Prediction::getEventId)
                .containsExactly("a", "c");
        assertThat(fx.deadLetters.isEmpty()).as("a shadow's failure is never a dead letter").isTrue();
        assertThat(fx.allMetrics.deadLetters().snapshot()).isEmpty();
        assertThat(fx.metrics.shadowFailuresByModel()).containsExactly(Map.entry("probe v2 (shadow)", 1L));
    }

    @Test
    void shouldScoreAParkedBacklogWithTheChampionWhenTheShadowFailsOnPartOfIt() {
        pipe("a", 0, 1L);
        pipe("b", 5, 2L);
        pipe("c", -9, 3L);
        pipe("d", 1, 4L);
        deploy(ProbeModels.sigmoid("1"));
        deploy(ProbeModels.asShadow(ProbeModels.gather("2")));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<Prediction> predictions = fx.predictions.readValuesToList();
        assertThat(predictions).filteredOn(p -> !p.getShadow()).extracting(Prediction::getEventId)
                .containsExactly("a", "b", "c", "d");
        assertThat(predictions).filteredOn(Prediction::getShadow).extracting(Prediction::getEventId)
                .containsExactly("a", "d");
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(fx.metrics.parkedFailed()).isZero();
        assertThat(fx.metrics.shadowFailuresByModel()).containsExactly(Map.entry("probe v2 (shadow)", 2L));
    }

    private void deploy(ModelUpdate update) {
        ModelEvent event = fx.models.apply(ProbeModels.MODEL, update);
        assertThat(event.kind()).as(event.message()).isEqualTo(ModelEvent.Kind.DEPLOYED);
    }

    private byte[] pipe(String id, double x, long timestamp) {
        byte[] bytes = fx.eventSerializer.serialize(fx.topics.events().name(), ProbeModels.event(id, x));
        fx.events.pipeInput(id, bytes, timestamp);
        return bytes;
    }

    private TestRecord<byte[], byte[]> onlyDeadLetter() {
        TestRecord<byte[], byte[]> dead = fx.deadLetters.readRecord();
        assertThat(fx.deadLetters.isEmpty()).as("one dead letter only").isTrue();
        return dead;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

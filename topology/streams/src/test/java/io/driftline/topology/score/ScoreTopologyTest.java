package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoreTopologyTest {

    private static ModelBundle v1;
    private static ModelBundle v2;
    private TopologyFixture fx;

    @BeforeAll
    static void trainModels() {
        v1 = DemoModel.train("1", 11, 2_000);
        v2 = DemoModel.train("2", 22, 2_000);
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new TopologyFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void shouldScoreEventExactlyAsOnnxRuntimeDoesOnTheSameRow() throws Exception {
        fx.models.apply("fraud", v1.toUpdate());
        GenericRecord event = fx.transaction(1_000L);
        fx.pipe(event, 1_000L);

        Prediction p = fx.predictions.readValue();
        assertThat(fx.predictions.isEmpty()).isTrue();
        assertThat(p.getModel()).isEqualTo("fraud");
        assertThat(p.getModelVersion()).isEqualTo("1");
        assertThat(p.getEventId()).isEqualTo(event.get("transactionId").toString());
        assertThat(p.getEntityKey()).isEqualTo(event.get("cardId").toString());
        assertThat(p.getEventTime().toEpochMilli()).isEqualTo(1_000L);
        assertThat(p.getShadow()).isFalse();
        assertThat(p.getScore()).isCloseTo(directOnnxScore(v1, event), within(1e-6));
        assertThat(p.getScores()).containsKeys("fraud");
        assertThat(p.getScores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-5));
        assertThat(p.getLabel()).isEqualTo(p.getScore() >= 0.5 ? "fraud" : p.getScores().keySet().stream()
                .filter(k -> !k.equals("fraud")).findFirst().orElseThrow());
    }

    @Test
    void shouldScoreEventsEncodedOnArrivalExactlyAsOnnxRuntimeDoes() throws Exception {
        // After the first batch, events are encoded as they arrive for the models that served it (ArrivalEncoding).
        fx.models.apply("fraud", v1.toUpdate());
        List<GenericRecord> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            GenericRecord event = fx.transaction(1_000L + i);
            events.add(event);
            fx.pipe(event, 1_000L + i);
        }
        List<Prediction> out = fx.predictions.readValuesToList();
        assertThat(out).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(out.get(i).getEventId()).isEqualTo(events.get(i).get("transactionId").toString());
            assertThat(out.get(i).getScore()).as("event " + i).isCloseTo(directOnnxScore(v1, events.get(i)),
                    within(1e-6));
        }
    }

    @Test
    void shouldParkEventsWhileNoModelServesAndScoreThemInOrderWhenOneArrives() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GenericRecord event = fx.transaction(1_000L + i);
            ids.add(event.get("transactionId").toString());
            fx.pipe(event, 1_000L + i);
        }
        assertThat(fx.predictions.isEmpty()).isTrue();
        KeyValueStore<Long, byte[]> parked = fx.driver.getKeyValueStore(ScoreProcessor.PARKED_STORE);
        assertThat(parked.approximateNumEntries()).isEqualTo(5);

        fx.models.apply("fraud", v1.toUpdate());
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<Prediction> out = fx.predictions.readValuesToList();
        assertThat(out).extracting(Prediction::getEventId).containsExactlyElementsOf(ids);
        assertThat(out).allMatch(p -> p.getModelVersion().equals("1"));
        assertThat(out).extracting(p -> p.getEventTime().toEpochMilli()).containsExactly(1_000L, 1_001L, 1_002L, 1_003L, 1_004L);
        assertThat(fx.metrics.batches()).as("the backlog in one model run").isEqualTo(1);
        assertThat(fx.metrics.largestRecentBatch()).isEqualTo(5.0);
        fx.pipe(fx.transaction(2_000L), 2_000L);
        assertThat(fx.metrics.batches()).as("a live event in a run of its own").isEqualTo(2);
        try (var it = parked.all()) {
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void shouldDrainALargeBacklogInBatchesInOrder() {
        int n = ScoreProcessor.DRAIN_BATCH * 2 + 17;
        List<String> ids = new ArrayList<>();
        List<GenericRecord> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenericRecord event = fx.transaction(1_000L + i);
            ids.add(event.get("transactionId").toString());
            events.add(event);
            fx.pipe(event, 1_000L + i);
        }
        fx.models.apply("fraud", v1.toUpdate());
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<Prediction> out = fx.predictions.readValuesToList();
        assertThat(out).extracting(Prediction::getEventId).containsExactlyElementsOf(ids);
        assertThat(fx.metrics.batches()).isEqualTo(3);
        assertThat(fx.metrics.largestRecentBatch()).isEqualTo(ScoreProcessor.DRAIN_BATCH);
        // The same scores as one at a time: a batch run is the same model on the same rows.
        for (int i : new int[] {0, ScoreProcessor.DRAIN_BATCH + 3, n - 1}) {
            fx.pipe(events.get(i), 9_000L + i);
            Prediction single = fx.predictions.readValue();
            assertThat(single.getEventId()).isEqualTo(ids.get(i));
            assertThat(single.getScore()).isCloseTo(out.get(i).getScore(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void shouldQueueNewEventsBehindParkedOnesSoOrderIsKept() {
        GenericRecord first = fx.transaction(1L);
        fx.pipe(first, 1L);
        fx.models.apply("fraud", v1.toUpdate());
        GenericRecord second = fx.transaction(2L);
        fx.pipe(second, 2L);

        assertThat(fx.predictions.readValuesToList()).extracting(Prediction::getEventId)
                .containsExactly(first.get("transactionId").toString(), second.get("transactionId").toString());
    }

    @Test
    void shouldScoreWithTheNewVersionRightAfterASwap() {
        fx.models.apply("fraud", v1.toUpdate());
        GenericRecord event = fx.transaction(1L);
        fx.pipe(event, 1L);
        fx.models.apply("fraud", v2.toUpdate());
        fx.pipe(event, 2L);

        List<Prediction> out = fx.predictions.readValuesToList();
        assertThat(out).extracting(Prediction::getModelVersion).containsExactly("1", "2");
        assertThat(out.get(0).getScore()).isNotEqualTo(out.get(1).getScore());
    }

    @Test
    void shouldEmitAShadowPredictionBesideTheChampion() {
        fx.models.apply("fraud", v1.toUpdate());
        ModelUpdate shadow = v2.toUpdate();
        shadow.setAction(ModelAction.SHADOW);
        fx.models.apply("fraud", shadow);
        fx.pipe(fx.transaction(1L), 1L);

        List<Prediction> out = fx.predictions.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out).filteredOn(Prediction::getShadow).extracting(Prediction::getModelVersion).containsExactly("2");
        assertThat(out).filteredOn(p -> !p.getShadow()).extracting(Prediction::getModelVersion).containsExactly("1");
    }

    @Test
    void shouldDeadLetterAnUndecodableEventWithItsOriginalBytesAndKeepGoing() {
        fx.models.apply("fraud", v1.toUpdate());
        byte[] garbage = "not avro at all".getBytes();
        fx.events.pipeInput("card-1", garbage, 5L);
        fx.pipe(fx.transaction(6L), 6L);

        var dead = fx.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.headers().lastHeader("__streams.errors.exception").value()))
                .contains("EventDecodingException");
        assertThat(new String(dead.headers().lastHeader("__streams.errors.topic").value())).isEqualTo("events");
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value())).isEqualTo("NOT_AVRO");
        assertThat(dead.key()).isEqualTo("card-1".getBytes());
        assertThat(fx.predictions.readValuesToList()).hasSize(1);
        assertThat(fx.allMetrics.deadLetters().snapshot()).containsExactly(Map.entry(DeadLetterCode.NOT_AVRO, 1L));
    }

    @Test
    void shouldDeadLetterAnEventTheModelRejectsAndKeepScoringTheRest() {
        fx.models.apply("fraud", v1.toUpdate());
        fx.pipe(fx.transaction(4L), 4L);
        byte[] bad = fx.pipe(transactionWithoutAmount("tx-no-amount"), 5L);
        fx.pipe(fx.transaction(6L), 6L);

        var dead = fx.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(new String(dead.headers().lastHeader("__streams.errors.exception").value()))
                .contains("ScoringException");
        assertThat(new String(dead.headers().lastHeader("__streams.errors.message").value())).contains("amount");
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value())).isEqualTo("MISSING_FEATURE");
        assertThat(fx.predictions.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldDeadLetterAParkedEventThatCannotBeScoredOnceAModelArrives() {
        fx.pipe(fx.transaction(1L), 1L);
        byte[] bad = fx.pipe(transactionWithoutAmount("tx-no-amount"), 2L);
        fx.pipe(fx.transaction(3L), 3L);

        fx.models.apply("fraud", v1.toUpdate());
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(fx.predictions.readValuesToList()).hasSize(2);
        var dead = fx.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(dead.key()).isEqualTo("card-x".getBytes());
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value())).isEqualTo("MISSING_FEATURE");
        assertThat(new String(dead.headers().lastHeader("__streams.errors.offset").value())).isEqualTo("1");
        assertThat(new String(dead.headers().lastHeader("__streams.errors.message").value())).contains("amount");
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(fx.metrics.parkedFailed()).isEqualTo(1);
        assertThat(fx.metrics.batches()).as("the batch of three failed; the two good ones ran one by one")
                .isEqualTo(2);
        assertThat(fx.allMetrics.deadLetters().count(DeadLetterCode.MISSING_FEATURE)).isEqualTo(1);
        assertThat(fx.metrics.parked()).isZero();
    }

    private static GenericRecord transactionWithoutAmount(String id) {
        Schema thin = SchemaBuilder.record("Transaction").namespace("io.driftline.demo").fields()
                .requiredString("transactionId").requiredString("cardId").endRecord();
        GenericRecord event = new GenericData.Record(thin);
        event.put("transactionId", id);
        event.put("cardId", "card-x");
        return event;
    }

    private static double directOnnxScore(ModelBundle bundle, GenericRecord event) throws Exception {
        float[] row = new FeatureEncoder(bundle.manifest(), bundle.referenceProfile()).encodeFloats(event);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bundle.loadOnnx(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(row), new long[] {1, row.length});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            float[][] probs = (float[][]) result.get(0).getValue();
            int positive = bundle.manifest().getOutput().getClassLabels().indexOf("fraud");
            return probs[0][positive];
        }
    }
}

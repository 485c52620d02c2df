package io.driftline.topology.score.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.driftline.OutputKind;
import io.driftline.Prediction;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.score.ModelEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every common ONNX export ({@link ExportModels}) deployed through the model registry and scored through the real
 * topology under TopologyTestDriver, compared with ONNX Runtime run directly on the same rows ({@link DirectOnnx}).
 */
class ExportScoringTopologyTest {

    private static final int ROWS = 14;

    @TestFactory
    Stream<DynamicTest> shouldScoreEveryExportThroughTheTopologyAsOnnxRuntimeDoes() {
        return ExportModels.all().stream().map(export -> dynamicTest(export.name(), () -> scoresAsOnnxRuntime(export)));
    }

    private static void scoresAsOnnxRuntime(ExportModels.Export export) throws Exception {
        List<GenericRecord> events = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            events.add(ExportModels.event("e" + i, i));
        }
        List<DirectOnnx.Expected> expected = DirectOnnx.run(export.bundle(), events);
        try (TopologyFixture fx = new TopologyFixture()) {
            deploy(fx, export);
            for (int i = 0; i < ROWS; i++) {
                pipe(fx, events.get(i), 1_000L + i);
            }
            List<Prediction> predictions = fx.predictions.readValuesToList();
            assertThat(fx.deadLetters.isEmpty()).as("no event dead-lettered").isTrue();
            assertThat(predictions).hasSize(ROWS);
            for (int i = 0; i < ROWS; i++) {
                Prediction p = predictions.get(i);
                DirectOnnx.Expected want = expected.get(i);
                int row = i;
                assertThat(p.getEventId()).isEqualTo("e" + i);
                assertThat(p.getScore()).as("score of row %d", i).isCloseTo(want.score(), within(1e-6));
                assertThat(p.getLabel()).as("label of row %d", i).isEqualTo(want.label());
                assertThat(p.getScores().keySet()).as("classes of row %d", i)
                        .containsExactlyInAnyOrderElementsOf(want.scores().keySet());
                want.scores().forEach((c, v) -> assertThat(p.getScores().get(c)).as("p(%s) of row %d", c, row)
                        .isCloseTo(v, within(1e-6)));
            }
            if (export.bundle().manifest().getOutput().getKind() == OutputKind.BINARY) {
                // The rows straddle 0.5, so a top-class score would differ from the positive class's on some.
                assertThat(predictions).anyMatch(p -> p.getScore() < 0.5).anyMatch(p -> p.getScore() > 0.5);
            }
        }
    }

    @Test
    void shouldScoreAZipMapModelWithoutClassLabelsByItsPositiveClassNotItsTopClass() throws Exception {
        ExportModels.Export export = ExportModels.sklearnZipMap(false, UnaryOperator.identity());
        try (TopologyFixture fx = new TopologyFixture()) {
            deploy(fx, export);
            for (int i = 0; i < ROWS; i++) {
                pipe(fx, ExportModels.event("e" + i, i), 1L + i);
            }
            List<Prediction> predictions = fx.predictions.readValuesToList();
            assertThat(predictions).allSatisfy(p -> {
                assertThat(p.getScores().keySet()).containsExactly("0", "1");
                assertThat(p.getScore()).isEqualTo(p.getScores().get("1"));
            });
            assertThat(predictions).anyMatch(p -> p.getScore() < 0.5 && "0".equals(p.getLabel()));
        }
    }

    @Test
    void shouldTakeTheMulticlassScoreAsTheTopClassAndTheLabelAsItsArgMax() throws Exception {
        ExportModels.Export export = ExportModels.softmaxMulticlass(UnaryOperator.identity());
        try (TopologyFixture fx = new TopologyFixture()) {
            deploy(fx, export);
            for (int i = 0; i < ROWS; i++) {
                pipe(fx, ExportModels.event("e" + i, i), 1L + i);
            }
            assertThat(fx.predictions.readValuesToList()).allSatisfy(p -> {
                Map.Entry<String, Double> top = p.getScores().entrySet().stream().max(Map.Entry.comparingByValue())
                        .orElseThrow();
                assertThat(p.getScore()).isEqualTo(top.getValue());
                assertThat(p.getLabel()).isEqualTo(top.getKey());
            });
        }
    }

    @Test
    void shouldDeadLetterANonIntegralValueForAnInt64InputAndScoreTheRest() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            deploy(fx, ExportModels.int64Input(UnaryOperator.identity()));
            pipe(fx, ExportModels.event("a", 1), 1L);
            GenericRecord bad = ExportModels.event("b", 2);
            bad.put("tenure", 2.5);
            pipe(fx, bad, 2L);
            GenericRecord whole = ExportModels.event("c", 3);
            whole.put("tenure", 4.0); // a double with no fraction is an integer
            pipe(fx, whole, 3L);

            assertThat(fx.predictions.readValuesToList()).extracting(Prediction::getEventId).containsExactly("a", "c");
            TestRecord<byte[], byte[]> dead = fx.deadLetters.readRecord();
            assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("WRONG_TYPE");
            assertThat(header(dead, "__streams.errors.message")).contains("tenure").contains("int64").contains("2.5");
        }
    }

    @Test
    void shouldPassAnUnseenCategoryToAStringInputAsItsText() throws Exception {
        ExportModels.Export export = ExportModels.stringPipeline(UnaryOperator.identity());
        GenericRecord paris = ExportModels.event("p", 0);
        GenericRecord rome = ExportModels.event("r", 0);
        rome.put("city", "rome");
        List<DirectOnnx.Expected> expected = DirectOnnx.run(export.bundle(), List.of(paris, rome));
        try (TopologyFixture fx = new TopologyFixture()) {
            deploy(fx, export);
            pipe(fx, paris, 1L);
            pipe(fx, rome, 2L);
            List<Prediction> predictions = fx.predictions.readValuesToList();
            assertThat(predictions.get(0).getScore()).isCloseTo(expected.get(0).score(), within(1e-6));
            assertThat(predictions.get(1).getScore()).isCloseTo(expected.get(1).score(), within(1e-6))
                    .as("an unknown city is one-hot all zeros, not paris").isNotCloseTo(predictions.get(0).getScore(),
                            within(1e-3));
        }
    }

    static void deploy(TopologyFixture fx, ExportModels.Export export) {
        ModelEvent event = fx.models.apply(ExportModels.MODEL, export.bundle().toUpdate());
        assertThat(event.kind()).as(export.name() + ": " + event.message()).isEqualTo(ModelEvent.Kind.DEPLOYED);
    }

    private static void pipe(TopologyFixture fx, GenericRecord event, long timestamp) {
        byte[] bytes = fx.eventSerializer.serialize(fx.topics.events().name(), event);
        fx.events.pipeInput(event.get("id").toString(), bytes, timestamp);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

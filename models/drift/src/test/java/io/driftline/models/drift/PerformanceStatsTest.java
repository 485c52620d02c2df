package io.driftline.models.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Accuracy, log-loss and AUC against numpy and scipy.stats.mannwhitneyu ({@code performance.json}). */
class PerformanceStatsTest {

    static Stream<Arguments> cases() {
        return DriftFixtures.named("performance.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpyAndScipy(String name, JsonNode c) {
        PerformanceStats stats = of(c, 0, c.get("scores").size());
        assertEquals(c.get("accuracy").asDouble(), stats.accuracy(), 1e-12, "accuracy");
        assertEquals(c.get("logLoss").asDouble(), stats.logLoss(), 1e-9, "log-loss");
        // Exact while each class fits in the sketch; else within the sketches' rank error.
        double tolerance = c.get("exact").asBoolean() ? 1e-12 : 0.02;
        assertEquals(c.get("auc").asDouble(), stats.auc(), tolerance, "AUC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergedHalvesGiveTheWhole(String name, JsonNode c) throws IOException {
        int n = c.get("scores").size();
        PerformanceStats first = of(c, 0, n / 3);
        PerformanceStats rest = roundTrip(of(c, n / 3, n));
        first.merge(rest);
        PerformanceStats whole = of(c, 0, n);
        assertEquals(whole.count(), first.count());
        assertEquals(whole.accuracy(), first.accuracy(), 1e-12);
        assertEquals(whole.logLoss(), first.logLoss(), 1e-9);
        double tolerance = c.get("exact").asBoolean() ? 1e-12 : 0.02;
        assertEquals(c.get("auc").asDouble(), first.auc(), tolerance);
    }

    @Test
    void regressionErrors() {
        PerformanceStats stats = new PerformanceStats();
        stats.addRegression(3.0, 1.0);
        stats.addRegression(1.0, 2.0);
        stats.addRegression(5.0, 5.0);
        stats.addRegression(Double.NaN, 5.0); // not counted
        assertEquals(3, stats.count());
        assertEquals(1.0, stats.mae(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), stats.rmse(), 1e-12);
        assertTrue(Double.isNaN(stats.accuracy()));
        assertEquals(Map.of(PerformanceTests.MAE, 1.0, PerformanceTests.RMSE, Math.sqrt(5.0 / 3)), stats.values());
    }

    @Test
    void aucNeedsBothClassesAndLogLossClipsCertainMistakes() {
        PerformanceStats stats = new PerformanceStats();
        stats.addClassification(false, 0.0, 1.0, false); // certain and wrong: -ln(1e-15)
        assertTrue(Double.isNaN(stats.auc()));
        assertEquals(-Math.log(PerformanceStats.EPSILON), stats.logLoss(), 1e-9);
        assertEquals(0.0, stats.accuracy());
    }

    private static PerformanceStats of(JsonNode c, int from, int to) {
        PerformanceStats stats = new PerformanceStats();
        for (int i = from; i < to; i++) {
            double score = c.get("scores").get(i).asDouble();
            boolean positive = c.get("positive").get(i).asBoolean();
            boolean predictedPositive = score > 0.5;
            stats.addClassification(predictedPositive == positive, positive ? score : 1 - score, score, positive);
        }
        return stats;
    }

    private static PerformanceStats roundTrip(PerformanceStats stats) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        stats.write(new DataOutputStream(bytes));
        return PerformanceStats.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}

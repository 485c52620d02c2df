package io.driftline.models.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PerformanceTestsTest {

    private final PerformanceTests tests = new PerformanceTests(PerformanceTests.Thresholds.defaults());

    @Test
    void fallenMetricsAgainstTheReference() {
        // 200 predictions: 160 correct; positives score 0.6, negatives 0.4 except 40 mistakes each way round.
        PerformanceStats window = new PerformanceStats();
        for (int i = 0; i < 100; i++) {
            boolean mistake = i < 20;
            window.addClassification(!mistake, mistake ? 0.4 : 0.6, mistake ? 0.4 : 0.6, true);
            window.addClassification(!mistake, mistake ? 0.4 : 0.6, mistake ? 0.6 : 0.4, false);
        }
        Map<String, Metric> metrics = byName(tests.evaluate(window, Map.of("accuracy", 0.9, "auc", 0.85,
                "log_loss", 0.5)));
        Metric accuracy = metrics.get("accuracy");
        assertEquals(0.8, accuracy.value(), 1e-12);
        assertEquals(0.85, accuracy.threshold(), 1e-12);
        assertTrue(accuracy.drifted(), "0.8 is more than 0.05 below 0.9");
        assertEquals(0.8, metrics.get("auc").value(), 1e-12);
        assertFalse(metrics.get("auc").drifted(), "0.8 is exactly 0.05 below 0.85: fallen only from the threshold on"
                + " - here it is the threshold");
        Metric logLoss = metrics.get("log_loss");
        assertEquals(-(0.8 * Math.log(0.6) + 0.2 * Math.log(0.4)), logLoss.value(), 1e-12);
        assertEquals(0.625, logLoss.threshold(), 1e-12);
        assertFalse(logLoss.drifted(), "0.59 is less than 25% above 0.5");
    }

    @Test
    void noVerdictBelowTheMinimumOrWithoutReference() {
        PerformanceStats window = new PerformanceStats();
        for (int i = 0; i < 50; i++) {
            window.addClassification(false, 0.1, 0.1, true);
        }
        List<Metric> small = tests.evaluate(window, Map.of("accuracy", 0.99));
        assertTrue(small.stream().noneMatch(Metric::drifted), "50 labelled predictions are too few to judge");
        assertTrue(Double.isNaN(byName(small).get("accuracy").threshold()));
        for (int i = 0; i < 100; i++) {
            window.addClassification(false, 0.1, 0.1, true);
        }
        assertTrue(byName(tests.evaluate(window, Map.of("accuracy", 0.99))).get("accuracy").drifted());
        assertTrue(tests.evaluate(window, Map.of()).stream().noneMatch(Metric::drifted), "no reference, no verdict");
        assertFalse(byName(tests.evaluate(window, Map.of())).containsKey("auc"), "one class only: no AUC");
    }

    private static Map<String, Metric> byName(List<Metric> metrics) {
        return metrics.stream().collect(Collectors.toMap(Metric::name, Function.identity()));
    }
}

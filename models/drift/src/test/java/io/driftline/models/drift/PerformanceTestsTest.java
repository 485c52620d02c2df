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
    void aFallMustBeSignificantAsWellAsLargeEnough() {
        // 100 predictions, 90 right, against a reference accuracy of 0.96: 0.06 below it, past the 0.05 drop, but
        // with a standard error of sqrt(0.96 * 0.04 / 100) = 0.0196 only z = 3.06 (p 0.0011, not below 0.001).
        PerformanceStats hundred = new PerformanceStats();
        for (int i = 0; i < 100; i++) {
            hundred.addClassification(i >= 10, i >= 10 ? 0.8 : 0.3, 0.5, true);
        }
        Metric small = byName(tests.evaluate(hundred, Map.of("accuracy", 0.96))).get("accuracy");
        assertEquals(0.06, small.effectSize(), 1e-12);
        assertEquals(0.0011, small.pValue(), 1e-4);
        assertFalse(small.drifted(), "not significant");
        // The same share wrong in 400 predictions is significant.
        PerformanceStats more = new PerformanceStats();
        for (int i = 0; i < 400; i++) {
            more.addClassification(i >= 40, i >= 40 ? 0.8 : 0.3, 0.5, true);
        }
        assertTrue(byName(tests.evaluate(more, Map.of("accuracy", 0.96))).get("accuracy").drifted());
        // Log-loss from a few very wrong predictions: a large rise, but carried by three events of 100.
        PerformanceStats rare = new PerformanceStats();
        for (int i = 0; i < 100; i++) {
            rare.addClassification(i >= 3, i >= 3 ? 0.95 : 0.02, 0.5, true);
        }
        Metric logLoss = byName(tests.evaluate(rare, Map.of("log_loss", 0.1))).get("log_loss");
        assertTrue(logLoss.effectSize() > 0.25, "log-loss " + logLoss.value() + " is far above 0.1");
        assertFalse(logLoss.drifted(), "but three events of 100 do not make it significant: p " + logLoss.pValue());
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

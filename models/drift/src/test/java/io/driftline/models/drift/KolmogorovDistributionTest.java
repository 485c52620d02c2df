package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KolmogorovDistributionTest {

    /** Relative where the p-value is large, absolute below 1e-9 (the decision scale). */
    private static final double TOLERANCE = 1e-9;

    @Test
    void shouldMatchScipyKstwoSurvivalFunctionInEveryRegime() {
        List<String> misses = new ArrayList<>();
        for (JsonNode c : DriftFixtures.cases("kstwo_sf.json")) {
            long n = c.get("n").asLong();
            double x = c.get("x").asDouble();
            double expected = c.get("sf").asDouble();
            double actual = KolmogorovDistribution.sf(n, x);
            if (!(Math.abs(actual - expected) <= TOLERANCE * Math.max(Math.abs(expected), 1e-9))) {
                misses.add("n=" + n + " x=" + x + " nx^2=" + n * x * x + ": " + actual + " vs scipy " + expected);
            }
        }
        assertThat(misses).isEmpty();
    }

    @Test
    void shouldGiveOneAtZeroAndZeroAtOne() {
        assertThat(KolmogorovDistribution.sf(100, 0)).isEqualTo(1);
        assertThat(KolmogorovDistribution.sf(100, 1)).isEqualTo(0);
        assertThat(KolmogorovDistribution.sf(100, 0.5 / 100)).isEqualTo(1);
    }

    @Test
    void shouldRejectAnEmptySample() {
        assertThatThrownBy(() -> KolmogorovDistribution.sf(0, 0.1)).hasMessage("n must be >= 1: 0");
    }
}

package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChiSquareTest {

    static Stream<Arguments> categories() {
        return DriftFixtures.named("categorical.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categories")
    void shouldLineUpWindowCountsWithReferenceCategoriesAndUnseen(String name, JsonNode c) {
        CategoryBuckets buckets = align(c);

        List<String> expectedNames = new ArrayList<>();
        c.get("buckets").forEach(n -> expectedNames.add(n.asText()));
        assertThat(buckets.names()).isEqualTo(expectedNames);
        assertThat(buckets.observed()).containsExactly(DriftFixtures.longs(c.get("observed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categories")
    void shouldMatchScipyChisquareWithFlooredExpectedCounts(String name, JsonNode c) {
        ChiSquare.Result result = ChiSquare.test(align(c), ChiSquare.DEFAULT_MIN_EXPECTED);

        assertThat(result.degreesOfFreedom()).isEqualTo(c.get("degreesOfFreedom").asInt());
        assertThat(result.statistic()).isCloseTo(c.get("chiSquare").asDouble(),
                within(1e-9 * Math.max(1, c.get("chiSquare").asDouble())));
        if (c.get("pValue").isNull()) {
            assertThat(result.pValue()).as("nothing to test with one bucket").isEqualTo(1);
        } else {
            KolmogorovSmirnovTest.assertPValue(result.pValue(), c.get("pValue").asDouble());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categories")
    void shouldMatchScipyOnTheFixturesExpectedCounts(String name, JsonNode c) {
        double[] expected = DriftFixtures.doubles(c.get("expected"));
        long[] observed = new long[expected.length];
        List<String> names = align(c).names();
        long[] all = DriftFixtures.longs(c.get("observed"));
        int j = 0;
        for (JsonNode tested : c.get("testedBuckets")) {
            observed[j++] = all[names.indexOf(tested.asText())];
        }

        ChiSquare.Result result = ChiSquare.test(observed, expected);

        assertThat(result.statistic()).isCloseTo(c.get("chiSquare").asDouble(),
                within(1e-9 * Math.max(1, c.get("chiSquare").asDouble())));
    }

    @Test
    void shouldCountCategoriesTheReferenceLacksAsUnseen() {
        CategoryBuckets buckets = CategoryBuckets.align(Map.of("a", 1.0), Map.of("a", 5L, "b", 2L, "c", 1L));

        assertThat(buckets.names()).containsExactly("a", CategoryBuckets.UNSEEN);
        assertThat(buckets.observed()).containsExactly(5, 3);
        assertThat(buckets.referenceFractions()).containsExactly(1, 0);
    }

    @Test
    void shouldNameTheBadValue() {
        assertThatThrownBy(() -> ChiSquare.test(new long[] {5, 5}, new double[] {5, 4}))
                .hasMessage("expected counts must sum to the observed total 10.0: 9.0");
        assertThatThrownBy(() -> ChiSquare.test(new long[] {5, 5}, new double[] {10, 0}))
                .hasMessage("expected count in bucket 1 must be positive and finite: 0.0");
        assertThatThrownBy(() -> CategoryBuckets.align(Map.of("a", 1.0), Map.of("a", -1L)))
                .hasMessage("count of category 'a' must be >= 0: -1");
        assertThatThrownBy(() -> ChiSquare.test(CategoryBuckets.align(Map.of("a", 1.0), Map.of()), 0.5))
                .hasMessage("window must hold at least one category count: 0");
        assertThatThrownBy(() -> ChiSquare.test(CategoryBuckets.align(Map.of("a", 1.0), Map.of("a", 1L)), 0))
                .hasMessage("minimum expected count must be positive and finite: 0.0");
    }

    private static CategoryBuckets align(JsonNode c) {
        return CategoryBuckets.align(DriftFixtures.doubleMap(c.get("referenceFrequencies")),
                DriftFixtures.longMap(c.get("windowCounts")));
    }
}

package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PsiTest {

    private static final double EXACT = 1e-12;

    static Stream<Arguments> numericBins() {
        return DriftFixtures.named("numeric_bins.json");
    }

    static Stream<Arguments> categories() {
        return DriftFixtures.named("categorical.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericBins")
    void shouldMatchNumpyOnReferenceBinsPlusOutOfRange(String name, JsonNode c) {
        ReferenceFeature reference = NumericFixture.reference(c);

        double psi = Psi.of(reference.bucketFractions(), DriftFixtures.longs(c.get("windowCounts")));

        assertThat(psi).isCloseTo(c.get("psi").asDouble(), within(EXACT * Math.max(1, c.get("psi").asDouble())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categories")
    void shouldMatchNumpyOnCategoriesPlusUnseen(String name, JsonNode c) {
        CategoryBuckets buckets = CategoryBuckets.align(DriftFixtures.doubleMap(c.get("referenceFrequencies")),
                DriftFixtures.longMap(c.get("windowCounts")));

        assertThat(buckets.psi()).isCloseTo(c.get("psi").asDouble(), within(EXACT));
    }

    @Test
    void shouldBeZeroForIdenticalFractions() {
        assertThat(Psi.of(new double[] {0.2, 0.3, 0.5, 0}, new double[] {0.2, 0.3, 0.5, 0})).isZero();
    }

    @Test
    void shouldCountAnEmptyBucketAsEpsilon() {
        double psi = Psi.of(new double[] {0.5, 0.5, 0}, new long[] {45, 45, 10});

        double outOfRange = (0.1 - Psi.EPSILON) * Math.log(0.1 / Psi.EPSILON);
        double inRange = 2 * (0.45 - 0.5) * Math.log(0.45 / 0.5);
        assertThat(psi).isCloseTo(outOfRange + inRange, within(EXACT));
    }

    @Test
    void shouldNameTheBadValue() {
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {1, 2, 3}))
                .hasMessage("window has 3 buckets, the reference 2");
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, Double.NaN}, new long[] {1, 2}))
                .hasMessage("reference fraction in bucket 1 must be finite and >= 0: NaN");
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {0, 0}))
                .hasMessage("counts must not all be zero: 2 empty buckets");
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {3, -1}))
                .hasMessage("count in bucket 1 must be >= 0: -1");
    }
}

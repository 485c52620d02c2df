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

class JensenShannonTest {

    static Stream<Arguments> numericBins() {
        return DriftFixtures.named("numeric_bins.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericBins")
    void shouldMatchScipyJensenShannonBase2OnTheSameBuckets(String name, JsonNode c) {
        ReferenceFeature reference = NumericFixture.reference(c);

        double distance = JensenShannon.distance(reference.bucketFractions(),
                DriftFixtures.longs(c.get("windowCounts")));

        assertThat(distance).isCloseTo(c.get("jsDistance").asDouble(), within(1e-12));
    }

    @Test
    void shouldBeZeroForEqualAndOneForDisjointDistributions() {
        assertThat(JensenShannon.distance(new double[] {1, 3}, new double[] {2, 6})).isCloseTo(0, within(1e-15));
        assertThat(JensenShannon.distance(new double[] {1, 0}, new double[] {0, 5})).isCloseTo(1, within(1e-15));
    }

    @Test
    void shouldRefuseAllZeroWeights() {
        assertThatThrownBy(() -> JensenShannon.distance(new double[] {0, 0}, new double[] {1, 1}))
                .hasMessage("reference weights must not all be zero: 2 empty buckets");
    }
}

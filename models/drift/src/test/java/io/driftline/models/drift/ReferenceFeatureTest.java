package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceFeatureTest {

    private static final ReferenceFeature DECILE_LIKE = ReferenceFeature.numeric("x", new double[] {1, 2, 3},
            new double[] {0.25, 0.25, 0.25, 0.25}, 0, 4, null, 0, 1, 100);

    static Stream<Arguments> casesWithWindowValues() {
        return DriftFixtures.named("numeric_bins.json").filter(a -> ((JsonNode) a.get()[1]).has("windowValues"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithWindowValues")
    void shouldBucketWindowValuesAsTheFixtureScriptDoes(String name, JsonNode c) {
        ReferenceFeature reference = NumericFixture.reference(c);
        long[] counts = new long[reference.bucketCount()];

        for (double value : DriftFixtures.doubles(c.get("windowValues"))) {
            counts[reference.bucket(value)]++;
        }

        assertThat(counts).containsExactly(DriftFixtures.longs(c.get("windowCounts")));
    }

    @Test
    void shouldPutValuesOutsideTheReferenceRangeInTheLastBucket() {
        assertThat(DECILE_LIKE.bucket(-0.1)).isEqualTo(4);
        assertThat(DECILE_LIKE.bucket(0)).isZero();
        assertThat(DECILE_LIKE.bucket(1)).isEqualTo(1);
        assertThat(DECILE_LIKE.bucket(4)).isEqualTo(3);
        assertThat(DECILE_LIKE.bucket(4.5)).isEqualTo(4);
        assertThat(DECILE_LIKE.bucket(Double.POSITIVE_INFINITY)).isEqualTo(DECILE_LIKE.outOfRangeBucket());
        assertThat(DECILE_LIKE.bucketFractions()).containsExactly(0.25, 0.25, 0.25, 0.25, 0);
    }

    @Test
    void shouldRefuseBinsThatDoNotFitTheirEdges() {
        assertThatThrownBy(() -> ReferenceFeature.numeric("x", new double[] {1, 2}, new double[] {1}, 0, 3, null,
                0, 1, 10)).hasMessage("x: 2 edges need 3 bin fractions: 1");
        assertThatThrownBy(() -> ReferenceFeature.numeric("x", new double[] {2, 2}, new double[] {0.5, 0, 0.5}, 0,
                3, null, 0, 1, 10)).hasMessage("x: bin edges must ascend strictly: 2.0 then 2.0");
        assertThatThrownBy(() -> ReferenceFeature.categorical("c", java.util.Map.of(), 1.5, 10))
                .hasMessage("c: missing fraction must be in [0, 1]: 1.5");
    }
}

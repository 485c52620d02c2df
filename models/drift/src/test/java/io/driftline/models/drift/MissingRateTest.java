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

class MissingRateTest {

    static Stream<Arguments> cases() {
        return DriftFixtures.named("missing_rate.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchTwoProportionZTestWithScipyNormalTail(String name, JsonNode c) {
        MissingRate.Result result = MissingRate.test(c.get("referenceMissingFraction").asDouble(),
                c.get("referenceSize").asLong(), c.get("windowMissing").asLong(), c.get("windowSize").asLong());

        assertThat(result.difference()).isCloseTo(c.get("difference").asDouble(), within(1e-15));
        assertThat(result.z()).isCloseTo(c.get("z").asDouble(), within(1e-12 * Math.max(1, Math.abs(result.z()))));
        KolmogorovSmirnovTest.assertPValue(result.pValue(), c.get("pValue").asDouble());
    }

    @Test
    void shouldNameTheBadValue() {
        assertThatThrownBy(() -> MissingRate.test(-0.1, 10, 1, 10))
                .hasMessage("reference missing fraction must be in [0, 1]: -0.1");
        assertThatThrownBy(() -> MissingRate.test(0.1, 0, 1, 10)).hasMessage("reference size must be >= 1: 0");
        assertThatThrownBy(() -> MissingRate.test(0.1, 10, 11, 10))
                .hasMessage("window missing count must be in [0, 10]: 11");
    }
}

package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KolmogorovSmirnovTest {

    /** Sketches are random: each estimating case is sketched this many times. */
    private static final int TRIALS = 10;

    static Stream<Arguments> samples() {
        return DriftFixtures.named("two_sample.json");
    }

    static Stream<Arguments> estimatingSamples() {
        return samples().filter(a -> !((String) a.get()[0]).startsWith("exact sketches"));
    }

    static Stream<Arguments> exactSketchSamples() {
        return samples().filter(a -> ((String) a.get()[0]).startsWith("exact sketches"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldMatchScipyKs2sampAsympOnRawValues(String name, JsonNode c) {
        KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(DriftFixtures.doubles(c.get("reference")),
                DriftFixtures.doubles(c.get("window")));

        assertThat(result.statistic()).isEqualTo(c.get("ksStatistic").asDouble());
        assertPValue(result.pValue(), c.get("ksPValue").asDouble());
        assertThat(result.referenceCount()).isEqualTo(c.get("reference").size());
        assertThat(result.windowCount()).isEqualTo(c.get("window").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactSketchSamples")
    void shouldMatchScipyExactlyWhileTheSketchesHoldEveryValue(String name, JsonNode c) {
        KllDoublesSketch reference = KllSketches.of(DriftFixtures.doubles(c.get("reference")));
        KllDoublesSketch window = KllSketches.of(DriftFixtures.doubles(c.get("window")));

        KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(reference, window);

        assertThat(KolmogorovSmirnov.sketchErrorBound(reference, window)).isZero();
        assertThat(result.statistic()).isEqualTo(c.get("ksStatistic").asDouble());
        assertPValue(result.pValue(), c.get("ksPValue").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("estimatingSamples")
    void shouldStayWithinTheSketchErrorBoundOfTheExactStatistic(String name, JsonNode c) {
        double[] referenceValues = DriftFixtures.doubles(c.get("reference"));
        double[] windowValues = DriftFixtures.doubles(c.get("window"));
        double exact = c.get("ksStatistic").asDouble();

        for (int trial = 0; trial < TRIALS; trial++) {
            KllDoublesSketch reference = KllSketches.of(referenceValues);
            KllDoublesSketch window = KllSketches.of(windowValues);

            KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(reference, window);

            double bound = KolmogorovSmirnov.sketchErrorBound(reference, window);
            assertThat(bound).isBetween(0.0085, 0.0172); // k = 400: 0.86% for each sketch that estimates
            assertThat(result.statistic()).isCloseTo(exact, within(bound));
            assertThat(result.referenceCount()).isEqualTo(referenceValues.length);
            assertThat(result.pValue()).isEqualTo(KolmogorovSmirnov.pValue(result.statistic(), referenceValues.length,
                    windowValues.length));
        }
    }

    @Test
    void shouldMatchScipyPValueFromStatisticAndSampleSizes() {
        for (JsonNode c : DriftFixtures.cases("ks_pvalue.json")) {
            double p = KolmogorovSmirnov.pValue(c.get("d").asDouble(), c.get("n").asLong(), c.get("m").asLong());

            assertPValue(p, c.get("pValue").asDouble());
        }
    }

    @Test
    void shouldGivePValueOneForIdenticalSamples() {
        double[] values = {1, 2, 2, 3, 5};

        KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(values, values);

        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1);
    }

    @Test
    void shouldNameTheBadValue() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
                .hasMessage("reference sample must not be empty: 0 values");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(KllSketches.of(1, 2), KllSketches.newSketch()))
                .hasMessage("window sketch must hold values: empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.pValue(1.5, 10, 10)).hasMessage("D must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> KolmogorovSmirnov.pValue(0.5, 0, 10))
                .hasMessage("sample sizes must be >= 1: 0 and 10");
    }

    /** 1e-9 relative, or absolute where the p-value is below 1e-9. */
    static void assertPValue(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(expected, 1e-9)));
    }
}

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

class WassersteinTest {

    private static final int TRIALS = 10;
    /** Documented typical error of the normalised distance from k = 200 sketches, in reference deviations. */
    private static final double TYPICAL_SKETCH_ERROR = 0.03;

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
    void shouldMatchScipyWassersteinDistanceOnRawValues(String name, JsonNode c) {
        double distance = Wasserstein.distance(DriftFixtures.doubles(c.get("reference")),
                DriftFixtures.doubles(c.get("window")));

        assertThat(distance).isCloseTo(c.get("wasserstein").asDouble(),
                within(1e-9 * c.get("wasserstein").asDouble() + 1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactSketchSamples")
    void shouldMatchScipyWhileTheSketchesHoldEveryValue(String name, JsonNode c) {
        KllDoublesSketch reference = KllSketches.of(DriftFixtures.doubles(c.get("reference")));
        KllDoublesSketch window = KllSketches.of(DriftFixtures.doubles(c.get("window")));

        assertThat(Wasserstein.distance(reference, window)).isCloseTo(c.get("wasserstein").asDouble(),
                within(1e-9 * c.get("wasserstein").asDouble() + 1e-15));
        assertThat(Wasserstein.sketchErrorBound(reference, window)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("estimatingSamples")
    void shouldStayNearScipyInReferenceDeviationsWhenSketchesEstimate(String name, JsonNode c) {
        double[] referenceValues = DriftFixtures.doubles(c.get("reference"));
        double[] windowValues = DriftFixtures.doubles(c.get("window"));
        double sd = c.get("referenceStd").asDouble();
        double exact = Wasserstein.normalized(c.get("wasserstein").asDouble(), sd);

        double totalError = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            KllDoublesSketch reference = KllSketches.of(referenceValues);
            KllDoublesSketch window = KllSketches.of(windowValues);

            double estimate = Wasserstein.normalized(Wasserstein.distance(reference, window), sd);

            assertThat(estimate).isCloseTo(exact, within(Wasserstein.sketchErrorBound(reference, window) / sd));
            totalError += Math.abs(estimate - exact);
        }
        assertThat(totalError / TRIALS).as("mean error in reference deviations").isLessThan(TYPICAL_SKETCH_ERROR);
    }

    @Test
    void shouldGiveTheShiftForAShiftedSample() {
        double[] values = {0, 1, 2, 3};
        double[] shifted = {0.5, 1.5, 2.5, 3.5};

        assertThat(Wasserstein.distance(values, shifted)).isCloseTo(0.5, within(1e-15));
        assertThat(Wasserstein.normalized(0.5, 2)).isEqualTo(0.25);
    }

    @Test
    void shouldRefuseAZeroDeviation() {
        assertThatThrownBy(() -> Wasserstein.normalized(1, 0))
                .hasMessage("reference standard deviation must be positive and finite: 0.0");
    }

    @Test
    void shouldTrimToTheReferencesCentralRangeAsW1OfClippedValues() {
        java.util.Random random = new java.util.Random(3);
        double[] reference = new double[300]; // exact sketches: under k values each
        double[] window = new double[250];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = Math.exp(random.nextGaussian() * 1.5);
        }
        for (int i = 0; i < window.length; i++) {
            window[i] = Math.exp(random.nextGaussian() * 1.5) + 0.3;
        }
        KllDoublesSketch a = KllSketches.of(reference);
        KllDoublesSketch b = KllSketches.of(window);
        double lo = a.getQuantile(0.01);
        double hi = a.getQuantile(0.99);
        double clipped = Wasserstein.distance(clip(reference, lo, hi), clip(window, lo, hi));

        assertThat(Wasserstein.trimmedDistance(a, b, 0.01)).isCloseTo(clipped, within(1e-9 * clipped));
        assertThat(Wasserstein.trimmedDistance(a, b, 0)).isEqualTo(Wasserstein.distance(a, b));
        assertThat(Wasserstein.trimmedDistance(a, b, 0.01)).isLessThan(Wasserstein.distance(a, b));
        assertThatThrownBy(() -> Wasserstein.trimmedDistance(a, b, 0.5)).hasMessageContaining("0.5");
    }

    @Test
    void shouldKeepMostOfAPureShiftWhenTrimmed() {
        java.util.Random random = new java.util.Random(4);
        double[] reference = new double[20_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = random.nextGaussian();
        }
        double[] shifted = reference.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.25;
        }
        double trimmed = Wasserstein.trimmedDistance(KllSketches.of(reference), KllSketches.of(shifted),
                Wasserstein.DEFAULT_TRIM);
        assertThat(trimmed).as("about (1 - 2 trim) of the shift").isCloseTo(0.98 * 0.25, within(0.02));
    }

    private static double[] clip(double[] values, double lo, double hi) {
        return java.util.Arrays.stream(values).map(v -> Math.min(hi, Math.max(lo, v))).toArray();
    }
}

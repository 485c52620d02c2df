package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftTestsTest {

    private static final DriftTests TESTS = new DriftTests(DriftThresholds.defaults());
    private static final Map<String, Double> MIX = Map.of("grocery", 0.5, "fuel", 0.3, "travel", 0.2);

    @Test
    void shouldFindNoDriftInAWindowFromTheReferenceDistribution() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.005);

        FeatureResult result = TESTS.evaluate(reference, numericWindow(reference, normal(2, 2000, 0, 1), 10));

        assertThat(result.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(result.metrics()).extracting(Metric::name).containsExactly(Metric.PSI, Metric.JS_DISTANCE,
                Metric.KS, Metric.WASSERSTEIN, Metric.MISSING_RATE);
        assertThat(result.metrics().get(4).value()).isCloseTo(10.0 / 2010 - 0.005, within(1e-15));
        assertThat(result.metrics()).allSatisfy(m -> assertThat(m.severity()).isEqualTo(Severity.NONE));
        Metric psi = result.metrics().get(0);
        assertThat(psi.pValue()).isNull();
        assertThat(psi.threshold()).isEqualTo(0.25);
        Metric ks = result.metrics().get(2);
        assertThat(ks.pValue()).isNotNull();
        assertThat(ks.adjustedPValue()).isGreaterThanOrEqualTo(ks.pValue());
        assertThat(ks.threshold()).isEqualTo(1e-4);
    }

    @Test
    void shouldFlagAShiftOfAQuarterStandardDeviation() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.01);

        FeatureResult result = TESTS.evaluate(reference, numericWindow(reference, normal(3, 2000, 0.25, 1), 20));

        assertThat(result.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(result.drifted()).isTrue();
        assertThat(metric(result, Metric.KS).drifted()).isTrue();
        assertThat(metric(result, Metric.WASSERSTEIN).value()).isCloseTo(0.25, within(0.07));
        assertThat(metric(result, Metric.WASSERSTEIN).drifted()).isTrue();
        assertThat(metric(result, Metric.MISSING_RATE).drifted()).isFalse();
    }

    @Test
    void shouldGradePsiBetweenItsWarnAndAlertLevels() {
        ReferenceFeature reference = ReferenceFeature.numeric("x", new double[] {1}, new double[] {0.5, 0.5}, 0, 2,
                null, 0, 1, 1000);
        WindowFeature moderate = WindowFeature.numeric("x", 1000, 0, new long[] {690, 310, 0}, null, 0, 0);
        WindowFeature large = WindowFeature.numeric("x", 1000, 0, new long[] {800, 200, 0}, null, 0, 0);
        // JS 0.1 is about PSI 0.055 for small shifts: with the default JS levels JS would drift first.
        DriftThresholds psiOnly = DriftThresholds.defaults().withLevels(Metric.PSI, new DriftThresholds.Levels(0.1, 0.25))
                .withLevels(Metric.JS_DISTANCE, new DriftThresholds.Levels(0.5, 0.9));
        DriftTests tests = new DriftTests(psiOnly);

        FeatureResult warned = tests.evaluate(reference, moderate);
        FeatureResult alerted = tests.evaluate(reference, large);

        assertThat(metric(warned, Metric.PSI).value()).isBetween(0.1, 0.25);
        assertThat(metric(warned, Metric.PSI).severity()).isEqualTo(Severity.WARN);
        assertThat(metric(warned, Metric.PSI).drifted()).isTrue();
        assertThat(metric(warned, Metric.JS_DISTANCE).drifted()).isFalse();
        assertThat(warned.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(warned.severity()).isEqualTo(Severity.WARN);
        assertThat(warned.metrics()).extracting(Metric::name).doesNotContain(Metric.KS, Metric.WASSERSTEIN);
        assertThat(metric(alerted, Metric.PSI).value()).isGreaterThan(0.25);
        assertThat(alerted.severity()).isEqualTo(Severity.ALERT);
        assertThat(metric(alerted, Metric.PSI).levels()).isEqualTo(new DriftThresholds.Levels(0.1, 0.25));
    }

    @Test
    void shouldGradeASignificantKsTestByItsStatistic() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.01);

        FeatureResult small = TESTS.evaluate(reference, numericWindow(reference, normal(5, 20_000, 0.12, 1), 200));
        FeatureResult large = TESTS.evaluate(reference, numericWindow(reference, normal(6, 2000, 0.6, 1), 20));

        Metric smallKs = metric(small, Metric.KS);
        assertThat(smallKs.adjustedPValue()).as("a small shift, but 20,000 values").isLessThan(0.01);
        assertThat(smallKs.value()).isLessThan(0.1);
        assertThat(smallKs.effectSize()).isEqualTo(smallKs.value());
        assertThat(smallKs.severity()).isEqualTo(Severity.WARN);
        assertThat(metric(large, Metric.KS).value()).isGreaterThan(0.1);
        assertThat(metric(large, Metric.KS).severity()).isEqualTo(Severity.ALERT);
        assertThat(large.severity()).isEqualTo(Severity.ALERT);
    }

    @Test
    void shouldGradeAChiSquareTestByCramersV() {
        ReferenceFeature reference = ReferenceFeature.categorical("merchant", MIX, 0, 10_000);

        FeatureResult slight = TESTS.evaluate(reference, WindowFeature.categorical("merchant", 40_000, 0,
                Map.of("grocery", 19_400L, "fuel", 12_400L, "travel", 8_200L)));
        FeatureResult moved = TESTS.evaluate(reference, WindowFeature.categorical("merchant", 1000, 0,
                Map.of("grocery", 400L, "fuel", 400L, "travel", 200L)));

        Metric slightChi = metric(slight, Metric.CHI_SQUARE);
        assertThat(slightChi.effectSize()).isCloseTo(Math.sqrt(slightChi.value() / (40_000.0 * 2)), within(1e-12));
        assertThat(slightChi.adjustedPValue()).isLessThan(1e-4);
        assertThat(slightChi.severity()).isEqualTo(Severity.WARN);
        Metric movedChi = metric(moved, Metric.CHI_SQUARE);
        assertThat(movedChi.effectSize()).isGreaterThan(0.1);
        assertThat(movedChi.severity()).isEqualTo(Severity.ALERT);
    }

    @Test
    void shouldGradeTheMissingRateByItsChange() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.01);

        Metric slight = metric(TESTS.evaluate(reference, numericWindow(reference, normal(2, 19_400, 0, 1), 600)),
                Metric.MISSING_RATE);
        Metric large = metric(TESTS.evaluate(reference, numericWindow(reference, normal(2, 1700, 0, 1), 300)),
                Metric.MISSING_RATE);

        assertThat(slight.value()).isCloseTo(0.02, within(1e-12));
        assertThat(slight.effectSize()).isEqualTo(slight.value());
        assertThat(slight.severity()).isEqualTo(Severity.WARN);
        assertThat(large.value()).isCloseTo(0.14, within(1e-12));
        assertThat(large.severity()).isEqualTo(Severity.ALERT);
    }

    @Test
    void shouldSayInsufficientDataBelowTheMinimumSampleSize() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.0);

        FeatureResult result = TESTS.evaluate(reference, numericWindow(reference, normal(2, 60, 5, 1), 30));

        assertThat(result.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(result.metrics()).isEmpty();
        assertThat(result.count()).isEqualTo(60);
        assertThat(result.missingRate()).isCloseTo(30.0 / 90, within(1e-15));
    }

    @Test
    void shouldTestOnlyTheMissingRateWhenTooFewValuesArePresent() {
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.01);

        FeatureResult result = TESTS.evaluate(reference, numericWindow(reference, normal(2, 50, 0, 1), 950));

        assertThat(result.metrics()).extracting(Metric::name).containsExactly(Metric.MISSING_RATE);
        assertThat(result.metrics().get(0).value()).isCloseTo(0.95 - 0.01, within(1e-12));
        assertThat(result.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void shouldTestCategoriesWithAnUnseenBucket() {
        ReferenceFeature reference = ReferenceFeature.categorical("merchant", MIX, 0, 10_000);

        FeatureResult same = TESTS.evaluate(reference, WindowFeature.categorical("merchant", 1000, 0,
                Map.of("grocery", 495L, "fuel", 305L, "travel", 200L)));
        FeatureResult unseen = TESTS.evaluate(reference, WindowFeature.categorical("merchant", 1000, 0,
                Map.of("grocery", 470L, "fuel", 290L, "travel", 200L, "casino", 40L)));

        assertThat(same.metrics()).as("nothing missing anywhere: no missing-rate test")
                .extracting(Metric::name).containsExactly(Metric.CHI_SQUARE, Metric.PSI);
        assertThat(same.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(metric(unseen, Metric.CHI_SQUARE).drifted()).isTrue();
        assertThat(unseen.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void shouldCorrectPValuesAcrossAllFeaturesOfTheWindow() {
        ReferenceFeature amount = numericReference("amount", normal(1, 5000, 0, 1), 0.02);
        ReferenceFeature merchant = ReferenceFeature.categorical("merchant", MIX, 0.01, 5000);
        List<DriftTests.Comparison> window = List.of(
                new DriftTests.Comparison(amount, numericWindow(amount, normal(4, 2000, 0.05, 1), 60)),
                new DriftTests.Comparison(merchant, WindowFeature.categorical("merchant", 2000, 35,
                        Map.of("grocery", 960L, "fuel", 640L, "travel", 400L))));

        List<FeatureResult> holm = TESTS.evaluate(window);
        List<FeatureResult> none = new DriftTests(DriftThresholds.defaults().withCorrection(Correction.NONE))
                .evaluate(window);

        double[] raw = holm.stream().flatMap(r -> r.metrics().stream()).filter(Metric::isTest)
                .mapToDouble(Metric::pValue).toArray();
        double[] adjusted = holm.stream().flatMap(r -> r.metrics().stream()).filter(Metric::isTest)
                .mapToDouble(Metric::adjustedPValue).toArray();
        assertThat(raw).hasSize(4); // ks and missing rate, chi-square and missing rate
        assertThat(adjusted).containsExactly(Correction.HOLM.adjust(raw));
        assertThat(none.stream().flatMap(r -> r.metrics().stream()).filter(Metric::isTest)
                .mapToDouble(Metric::adjustedPValue).toArray()).containsExactly(raw);
    }

    @Test
    void shouldSkipWassersteinWhenTheReferenceDoesNotVary() {
        double[] constant = new double[500];
        Arrays.fill(constant, 3.0);
        ReferenceFeature reference = numericReference("flag", constant, 0);

        FeatureResult result = TESTS.evaluate(reference, numericWindow(reference, constant, 0));

        assertThat(result.metrics()).extracting(Metric::name).containsExactly(Metric.PSI, Metric.JS_DISTANCE,
                Metric.KS);
        assertThat(result.verdict()).isEqualTo(Verdict.NO_DRIFT);
    }

    @Test
    void shouldRefuseAWindowOfAnotherFeatureOrWithWrongBuckets() {
        ReferenceFeature reference = numericReference("amount", normal(1, 500, 0, 1), 0);
        WindowFeature other = WindowFeature.numeric("distance", 200, 0, new long[11], null, 0, 1);
        long[] tooFew = new long[3];
        tooFew[0] = 200;
        WindowFeature wrongBuckets = WindowFeature.numeric("amount", 200, 0, tooFew, null, 0, 1);

        assertThatThrownBy(() -> TESTS.evaluate(reference, other))
                .hasMessage("window of 'distance' compared with reference of 'amount'");
        assertThatThrownBy(() -> TESTS.evaluate(reference, wrongBuckets))
                .hasMessage("amount: window needs 11 bucket counts (bins plus out of range): 3");
    }

    @Test
    void shouldValidateThresholds() {
        assertThat(DriftThresholds.defaults().withMinSampleSize(500).minSampleSize()).isEqualTo(500);
        assertThatThrownBy(() -> DriftThresholds.defaults().withMinSampleSize(0))
                .hasMessage("minSampleSize must be >= 1: 0");
        DriftThresholds d = DriftThresholds.defaults();
        assertThatThrownBy(() -> new DriftThresholds.Levels(0.3, 0.25))
                .hasMessage("warn level must not exceed the alert level 0.25: 0.3");
        assertThatThrownBy(() -> new DriftThresholds.Levels(-0.1, 0.25))
                .hasMessage("warn level must be >= 0 and finite: -0.1");
        assertThatThrownBy(() -> new DriftThresholds.Levels(0, 0)).hasMessage("alert level must be positive and finite: 0.0");
        assertThatThrownBy(() -> d.withLevels(Metric.JS_DISTANCE, new DriftThresholds.Levels(0, 0.2)))
                .hasMessage("js_distance warn level must be positive: 0.0");
        assertThat(d.withLevels(Metric.KS, new DriftThresholds.Levels(0, 0.2)).levels(Metric.KS).alert())
                .isEqualTo(0.2);
        assertThatThrownBy(() -> d.withAlpha(Metric.KS, 1.5)).hasMessage("ks alpha must be in (0, 1): 1.5");
    }

    /** A reference built the way ProfileBuilder builds one: deciles, a k = 200 sketch, population deviation. */
    static ReferenceFeature numericReference(String name, double[] values, double missingFraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = Bins.quantileEdges(sorted, 10);
        double mean = Arrays.stream(values).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
        long rows = Math.round(values.length / (1 - missingFraction));
        return ReferenceFeature.numeric(name, edges, Bins.fractions(edges, values), sorted[0],
                sorted[sorted.length - 1], KllSketches.of(values), missingFraction, sd, rows);
    }

    /** A window counted the way the streaming side must count: {@link ReferenceFeature#bucket}. */
    static WindowFeature numericWindow(ReferenceFeature reference, double[] values, long missing) {
        long[] counts = new long[reference.bucketCount()];
        for (double value : values) {
            counts[reference.bucket(value)]++;
        }
        double mean = Arrays.stream(values).average().orElse(0);
        return WindowFeature.numeric(reference.name(), values.length, missing, counts, KllSketches.of(values), mean,
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
    }

    static double[] normal(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + sd * random.nextGaussian();
        }
        return values;
    }

    private static Metric metric(FeatureResult result, String name) {
        return result.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}

package io.driftline.models.drift;

import static io.driftline.models.drift.DriftTestsTest.normal;
import static io.driftline.models.drift.DriftTestsTest.numericReference;
import static io.driftline.models.drift.DriftTestsTest.numericWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry: what it holds, and that a registered metric reaches thresholds and reports with no other edit. */
class DriftMetricsTest {

    /** A test-only metric: the window's mean in reference deviations, a distance on numeric features. */
    static class MeanShift implements DriftMetric {

        @Override
        public String id() {
            return "mean_shift";
        }

        @Override
        public String description() {
            return "Mean shift in reference standard deviations";
        }

        @Override
        public Type type() {
            return Type.DISTANCE;
        }

        @Override
        public Set<FeatureKind> featureKinds() {
            return Set.of(FeatureKind.NUMERIC);
        }

        @Override
        public double maxLevel() {
            return 1e3;
        }

        @Override
        public DriftThresholds.Levels defaultLevels() {
            return new DriftThresholds.Levels(0.2, 0.5);
        }

        @Override
        public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds t) {
            return Optional.of(Result.distance(Math.abs(window.mean()) / reference.stddev()));
        }
    }

    /** A test-only test that always has the same p-value, to see it join the correction's family. */
    static class ConstantTest implements DriftMetric {

        private final double pValue;

        ConstantTest(double pValue) {
            this.pValue = pValue;
        }

        @Override
        public String id() {
            return "constant_test";
        }

        @Override
        public String description() {
            return "constant";
        }

        @Override
        public Type type() {
            return Type.TEST;
        }

        @Override
        public Set<FeatureKind> featureKinds() {
            return Set.of(FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
        }

        @Override
        public double maxLevel() {
            return 1;
        }

        @Override
        public DriftThresholds.Levels defaultLevels() {
            return new DriftThresholds.Levels(0, 0.5);
        }

        @Override
        public double defaultAlpha() {
            return 0.01;
        }

        @Override
        public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds t) {
            return Optional.of(Result.test(0.3, pValue));
        }
    }

    @Test
    void shouldRegisterTheStandardMetricsInReportOrder() {
        assertThat(DriftMetrics.standard().ids()).containsExactly(Metric.CHI_SQUARE, Metric.PSI, Metric.JS_DISTANCE,
                Metric.KS, Metric.WASSERSTEIN, Metric.MISSING_RATE);
        assertThat(DriftMetrics.standard().all()).allSatisfy(m -> assertThat(m.enabledByDefault()).isTrue());
        assertThat(DriftMetrics.standard().all()).filteredOn(m -> m.type() == DriftMetric.Type.TEST)
                .extracting(DriftMetric::id).containsExactly(Metric.CHI_SQUARE, Metric.KS, Metric.MISSING_RATE);
    }

    @Test
    void shouldKeepTheDefaultsOfEveryStandardMetric() {
        DriftThresholds d = DriftThresholds.defaults();

        assertThat(d.settings().keySet()).containsExactlyElementsOf(DriftMetrics.standard().ids());
        assertThat(d.levels(Metric.PSI)).isEqualTo(new DriftThresholds.Levels(0.25, 0.5));
        assertThat(d.levels(Metric.JS_DISTANCE)).isEqualTo(new DriftThresholds.Levels(0.1, 0.2));
        assertThat(d.levels(Metric.WASSERSTEIN)).isEqualTo(new DriftThresholds.Levels(0.2, 0.5));
        assertThat(d.levels(Metric.KS)).isEqualTo(new DriftThresholds.Levels(0, 0.1));
        assertThat(d.levels(Metric.CHI_SQUARE)).isEqualTo(new DriftThresholds.Levels(0, 0.1));
        assertThat(d.levels(Metric.MISSING_RATE)).isEqualTo(new DriftThresholds.Levels(0, 0.1));
        assertThat(List.of(d.alpha(Metric.KS), d.alpha(Metric.CHI_SQUARE), d.alpha(Metric.MISSING_RATE)))
                .containsOnly(1e-4);
        assertThat(d.settings(Metric.PSI).alpha()).isNull();
        assertThat(d.correction()).isEqualTo(Correction.HOLM);
        assertThat(d.minSampleSize()).isEqualTo(100);
        assertThatThrownBy(() -> d.alpha(Metric.PSI)).hasMessage("psi is a distance: no alpha");
        assertThatThrownBy(() -> d.levels("mean_shift")).hasMessage("unknown metric: mean_shift");
    }

    @Test
    void shouldReportARegisteredMetricWithItsThresholdsAndNoOtherEdit() {
        DriftMetrics metrics = DriftMetrics.standard().with(new MeanShift());
        DriftThresholds thresholds = DriftThresholds.defaults(metrics);
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.005);

        WindowFeature window = numericWindow(reference, normal(2, 2000, 0, 1), 10);
        FeatureResult stationary = new DriftTests(thresholds).evaluate(reference, window);
        FeatureResult shifted = new DriftTests(thresholds)
                .evaluate(reference, numericWindow(reference, normal(3, 2000, 0.6, 1), 10));

        assertThat(thresholds.levels("mean_shift")).isEqualTo(new DriftThresholds.Levels(0.2, 0.5));
        assertThat(stationary.metrics()).extracting(Metric::name).containsExactly(Metric.PSI, Metric.JS_DISTANCE,
                Metric.KS, Metric.WASSERSTEIN, Metric.MISSING_RATE, "mean_shift");
        Metric quiet = stationary.metrics().get(5);
        assertThat(quiet.severity()).isEqualTo(Severity.NONE);
        assertThat(quiet.threshold()).isEqualTo(0.2);
        assertThat(quiet.pValue()).isNull();
        Metric loud = shifted.metrics().get(5);
        assertThat(loud.value()).isGreaterThan(0.5);
        assertThat(loud.severity()).isEqualTo(Severity.ALERT);
        assertThat(loud.levels()).isEqualTo(new DriftThresholds.Levels(0.2, 0.5));
        // The standard metrics' results are untouched by the extra one (a distance: no change to the family).
        FeatureResult standard = new DriftTests(DriftThresholds.defaults()).evaluate(reference, window);
        assertThat(stationary.metrics().subList(0, 5)).isEqualTo(standard.metrics());
    }

    @Test
    void shouldCorrectARegisteredTestWithTheOthersAndLeaveADisabledMetricOut() {
        DriftThresholds thresholds = DriftThresholds.defaults(DriftMetrics.standard().with(new ConstantTest(0.004)))
                .withCorrection(Correction.BONFERRONI);
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.005);
        WindowFeature window = numericWindow(reference, normal(2, 2000, 0, 1), 10);

        FeatureResult result = new DriftTests(thresholds).evaluate(reference, window);
        FeatureResult disabled = new DriftTests(thresholds.withEnabled("constant_test", false)
                .withEnabled(Metric.WASSERSTEIN, false)).evaluate(reference, window);

        Metric constant = result.metrics().get(result.metrics().size() - 1);
        assertThat(constant.name()).isEqualTo("constant_test");
        assertThat(constant.adjustedPValue()).as("Bonferroni over ks, missing_rate and this one")
                .isEqualTo(3 * 0.004);
        assertThat(constant.severity()).as("0.012 is not below alpha 0.01").isEqualTo(Severity.NONE);
        assertThat(disabled.metrics()).extracting(Metric::name).containsExactly(Metric.PSI, Metric.JS_DISTANCE,
                Metric.KS, Metric.MISSING_RATE);
    }

    @Test
    void shouldRejectSettingsThatDoNotFitTheRegistry() {
        DriftThresholds d = DriftThresholds.defaults();
        DriftThresholds.MetricSettings psi = d.settings(Metric.PSI);

        assertThatThrownBy(() -> d.withSettings(Metric.PSI, new DriftThresholds.MetricSettings(true, psi.levels(),
                0.01))).hasMessage("psi is a distance and takes no alpha: 0.01");
        assertThatThrownBy(() -> d.withSettings("nope", psi)).hasMessageStartingWith("unknown metric: nope");
        assertThatThrownBy(() -> new DriftThresholds(DriftMetrics.standard(), Map.of(), Correction.HOLM, 100, 0.5))
                .hasMessage("chi_square settings must be set: null");
        assertThatThrownBy(() -> DriftMetrics.standard().with(new KsMetric()))
                .hasMessage("metric id registered twice: ks");
        assertThatThrownBy(() -> new DriftMetrics(List.of(new MeanShift() {
            @Override
            public String id() {
                return "Mean-Shift";
            }
        }))).hasMessageStartingWith("metric id must match");
    }

    @Test
    void shouldRefuseATestWithoutAPValue() {
        DriftMetric broken = new ConstantTest(0.5) {
            @Override
            public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds t) {
                return Optional.of(Result.distance(0.3));
            }
        };
        ReferenceFeature reference = numericReference("amount", normal(1, 5000, 0, 1), 0.005);

        assertThatThrownBy(() -> new DriftTests(DriftThresholds.defaults(DriftMetrics.standard().with(broken)))
                .evaluate(reference, numericWindow(reference, normal(2, 2000, 0, 1), 10)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("constant_test: a TEST must return");
    }
}

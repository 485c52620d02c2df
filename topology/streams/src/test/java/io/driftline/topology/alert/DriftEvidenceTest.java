package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.models.drift.DriftThresholds.Levels;
import io.driftline.models.drift.Metric;
import io.driftline.models.drift.Severity;
import io.driftline.models.profile.AvroDrift;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explaining metric of a subject, ties broken by the registry: distances before tests. */
class DriftEvidenceTest {

    private static MetricResult warned(String name, Double pValue) {
        return AvroDrift.metricResult(new Metric(name, 0.3, pValue, pValue, 0.2, 0.3, new Levels(0.2, 0.5),
                Severity.WARN));
    }

    private static FeatureDrift feature(MetricResult... metrics) {
        return FeatureDrift.newBuilder().setFeature("amount").setCount(1000).setMissingRate(0)
                .setMetrics(List.of(metrics)).setDrifted(true).build();
    }

    @Test
    void shouldExplainATieWithTheDistanceBeforeTheTestAsBefore() {
        assertThat(DriftEvidence.of(feature(warned(Metric.KS, 1e-6), warned(Metric.WASSERSTEIN, null)))
                .metric().getMetric()).isEqualTo(Metric.WASSERSTEIN);
        assertThat(DriftEvidence.of(feature(warned(Metric.MISSING_RATE, 1e-6), warned(Metric.CHI_SQUARE, 1e-6),
                warned(Metric.PSI, null))).metric().getMetric()).isEqualTo(Metric.PSI);
        assertThat(DriftEvidence.of(feature(warned(Metric.MISSING_RATE, 1e-6), warned(Metric.CHI_SQUARE, 1e-6)))
                .metric().getMetric()).isEqualTo(Metric.CHI_SQUARE);
        assertThat(DriftEvidence.of(feature(warned(Metric.WASSERSTEIN, null), warned(Metric.JS_DISTANCE, null)))
                .metric().getMetric()).isEqualTo(Metric.JS_DISTANCE);
        assertThat(DriftEvidence.of(feature(warned("unregistered", null), warned(Metric.MISSING_RATE, 1e-6)))
                .metric().getMetric()).as("unknown names last").isEqualTo(Metric.MISSING_RATE);
    }
}

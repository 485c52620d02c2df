package io.driftline.topology.stats;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.DriftTests;
import io.driftline.models.drift.FeatureResult;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.models.drift.ReferenceFeature;
import io.driftline.models.profile.AvroDrift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges a window's merged statistics against the model version's reference profile and writes the
 * {@link DriftReport}. The drift tests of every feature and of the score form one family for the multiple-testing
 * correction, so that the chance of any false drift verdict in a report stays at alpha. Performance on labelled
 * predictions is judged apart (it is not a test of the same null hypothesis) and does not make the report
 * {@code drifted}: alerts and retrain requests read it from {@code performance}.
 */
final class DriftReports {

    private DriftReports() {
    }

    /**
     * The report of a window.
     *
     * @param partitions      partitions whose statistics were merged
     * @param inputPartitions input partitions there were (0: unknown)
     * @throws IllegalArgumentException when the statistics do not fit the reference (another bundle under the same
     *                                  version label, say)
     */
    static DriftReport build(WindowStats stats, ReferenceProfile profile, DriftTests tests,
            PerformanceTests performanceTests, int partitions, int inputPartitions, long createdAtMs) {
        Map<String, ReferenceFeature> references = AvroDrift.features(profile).stream()
                .collect(Collectors.toMap(ReferenceFeature::name, Function.identity(), (a, b) -> a));
        List<DriftTests.Comparison> comparisons = new ArrayList<>();
        List<FeatureStats> compared = new ArrayList<>();
        for (FeatureStats feature : stats.features()) {
            ReferenceFeature reference = references.get(feature.name());
            if (reference != null) {
                comparisons.add(new DriftTests.Comparison(reference, feature.toWindowFeature()));
                compared.add(feature);
            }
        }
        ReferenceFeature scoreReference = AvroDrift.prediction(profile);
        boolean withScore = scoreReference != null && stats.score() != null;
        if (withScore) {
            comparisons.add(new DriftTests.Comparison(scoreReference, stats.score().toWindowFeature()));
            compared.add(stats.score());
        }
        List<FeatureResult> results = tests.evaluate(comparisons);
        List<FeatureDrift> drifts = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            drifts.add(featureDrift(results.get(i), compared.get(i)));
        }
        FeatureDrift prediction = withScore ? drifts.remove(drifts.size() - 1) : null;
        boolean drifted = drifts.stream().anyMatch(FeatureDrift::getDrifted)
                || (prediction != null && prediction.getDrifted());
        return DriftReport.newBuilder()
                .setModel(stats.model())
                .setModelVersion(stats.version())
                .setWindowStart(Instant.ofEpochMilli(stats.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(stats.windowEnd()))
                .setCount(stats.events())
                .setFeatures(drifts)
                .setPrediction(prediction)
                .setPerformance(performanceTests.evaluate(stats.performance(), profile.getPerformance()).stream()
                        .map(AvroDrift::metricResult).toList())
                .setLabelled(stats.performance().count())
                .setCorrection(tests.thresholds().correction().configName())
                .setSufficientSample(stats.events() >= tests.thresholds().minSampleSize())
                .setDrifted(drifted)
                .setCreatedAt(Instant.ofEpochMilli(createdAtMs))
                .setShadow(stats.shadow())
                .setPredictedLabels(new LinkedHashMap<>(stats.labels()))
                .setPartitions(partitions)
                .setInputPartitions(inputPartitions)
                .setComparison(comparison(stats))
                .build();
    }

    /** A shadow's comparison with its champion, when it saw events both scored; null otherwise. */
    private static io.driftline.ChallengerComparison comparison(WindowStats stats) {
        if (stats.comparison() == null) {
            return null;
        }
        io.driftline.models.drift.ChallengerComparison.Result r = stats.comparison().result();
        if (r.events() == 0 && r.pairedLabelled() == 0) {
            return null;
        }
        return io.driftline.ChallengerComparison.newBuilder()
                .setChampionVersion(r.championVersion())
                .setEvents(r.events())
                .setLabelled(r.labelled())
                .setAgreementRate(finite(r.agreementRate()))
                .setScoreCorrelation(finite(r.scoreCorrelation()))
                .setScoreKs(finite(r.scoreKs()))
                .setScoreKsPValue(finite(r.scoreKsPValue()))
                .setPairedLabelled(r.pairedLabelled())
                .setPerformanceMetric(r.performanceMetric())
                .setChampionPerformance(finite(r.championPerformance()))
                .setChallengerPerformance(finite(r.challengerPerformance()))
                .setPerformancePValue(finite(r.performancePValue()))
                .setChampionOnlyCorrect(r.championOnlyCorrect())
                .setChallengerOnlyCorrect(r.challengerOnlyCorrect())
                .build();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static FeatureDrift featureDrift(FeatureResult result, FeatureStats stats) {
        FeatureDrift drift = AvroDrift.featureDrift(result);
        if (stats instanceof NumericStats numeric && numeric.count() > 0) {
            drift.setMean(numeric.mean());
            drift.setStddev(Math.sqrt(numeric.variance()));
        }
        return drift;
    }
}

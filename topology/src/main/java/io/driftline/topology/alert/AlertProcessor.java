package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns drift reports into alert state changes per (model, type, subject) under an {@link AlertPolicy}. Emits
 * only changes (OPEN, RESOLVED), keyed {@code model|type|subject} for the compacted alerts topic, so there is at
 * most one open alert per key. Reports of a model arrive on one partition (keyed by model), in window order.
 */
final class AlertProcessor extends ContextualProcessor<String, DriftReport, String, Alert> {

    private static final List<String> METRIC_ORDER = List.of("psi", "js_distance", "wasserstein", "ks", "chi_square",
            "missing_rate");
    private static final double CRITICAL_PSI = 0.25;

    private final AlertPolicy policy;
    private final Clock clock;
    private KeyValueStore<String, byte[]> store;

    AlertProcessor(AlertPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, Alert> context) {
        super.init(context);
        store = context.getStateStore(AlertStage.STORE);
    }

    @Override
    public void process(Record<String, DriftReport> record) {
        DriftReport report = record.value();
        if (report == null || report.getShadow()) {
            return; // a shadow model's drift does not page anyone
        }
        List<String> top = topDrifted(report);
        for (FeatureDrift feature : report.getFeatures()) {
            observe(report, AlertType.DATA_DRIFT, feature, top);
        }
        if (report.getPrediction() != null) {
            observe(report, AlertType.PREDICTION_DRIFT, report.getPrediction(), top);
        }
    }

    private void observe(DriftReport report, AlertType type, FeatureDrift feature, List<String> top) {
        if (feature.getMetrics().isEmpty()) {
            return; // not enough data for a verdict: no evidence either way
        }
        String key = report.getModel() + "|" + type + "|" + feature.getFeature();
        AlertState before = AlertState.decode(store.get(key));
        AlertState after = before.observe(feature.getDrifted());
        long now = clock.millis();
        if (!after.open() && after.drifted() >= policy.openAfter()) {
            after = after.opened(report.getWindowStart().toEpochMilli(), now);
            context().forward(new Record<>(key, alert(report, type, feature, top, AlertStatus.OPEN, after, now), now));
        } else if (after.open() && after.clean() >= policy.resolveAfter()) {
            Alert resolved = alert(report, type, feature, top, AlertStatus.RESOLVED, after, now);
            after = after.resolved();
            context().forward(new Record<>(key, resolved, now));
        }
        store.put(key, after.encode());
    }

    private Alert alert(DriftReport report, AlertType type, FeatureDrift feature, List<String> top, AlertStatus status,
                        AlertState state, long now) {
        MetricResult metric = explaining(feature);
        boolean critical = metric != null && metric.getMetric().equals("psi") && metric.getValue() >= CRITICAL_PSI;
        String window = Instant.ofEpochMilli(report.getWindowStart().toEpochMilli()) + " to " + report.getWindowEnd();
        String message = status == AlertStatus.OPEN
                ? String.format(Locale.ROOT, "%s of model %s v%s drifted in %d consecutive windows%s; last window %s; "
                        + "top drifted: %s", feature.getFeature(), report.getModel(), report.getModelVersion(),
                        state.drifted(), metric == null ? "" : String.format(Locale.ROOT, ": %s %.4g (threshold %.4g)",
                        metric.getMetric(), metric.getValue(), metric.getThreshold()), window, top)
                : String.format(Locale.ROOT, "%s of model %s v%s clean in %d consecutive windows; last window %s",
                        feature.getFeature(), report.getModel(), report.getModelVersion(), state.clean(), window);
        return Alert.newBuilder()
                .setAlertId(report.getModel() + "|" + type + "|" + feature.getFeature() + "|" + state.openedWindowStart())
                .setModel(report.getModel()).setModelVersion(report.getModelVersion())
                .setType(type).setSeverity(critical ? Severity.CRITICAL : Severity.WARNING).setStatus(status)
                .setSubject(feature.getFeature())
                .setMetric(metric == null ? null : metric.getMetric())
                .setValue(metric == null ? null : metric.getValue())
                .setThreshold(metric == null ? null : metric.getThreshold())
                .setWindowStart(report.getWindowStart()).setWindowEnd(report.getWindowEnd())
                .setMessage(message).setTopFeatures(top)
                .setCreatedAt(Instant.ofEpochMilli(state.openedAt())).setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** The drifted metric that explains the verdict, in a fixed order of preference, else the first metric. */
    private static MetricResult explaining(FeatureDrift feature) {
        return feature.getMetrics().stream().filter(MetricResult::getDrifted)
                .min(Comparator.comparingInt(m -> order(m.getMetric())))
                .orElse(feature.getMetrics().isEmpty() ? null : feature.getMetrics().get(0));
    }

    private static int order(String metric) {
        int i = METRIC_ORDER.indexOf(metric);
        return i < 0 ? METRIC_ORDER.size() : i;
    }

    /** The drifted subjects of the report, largest PSI first, at most five. */
    private static List<String> topDrifted(DriftReport report) {
        List<FeatureDrift> all = new ArrayList<>(report.getFeatures());
        if (report.getPrediction() != null) {
            all.add(report.getPrediction());
        }
        return all.stream().filter(FeatureDrift::getDrifted)
                .sorted(Comparator.comparingDouble((FeatureDrift f) -> -psi(f)))
                .limit(5).map(FeatureDrift::getFeature).toList();
    }

    private static double psi(FeatureDrift feature) {
        return feature.getMetrics().stream().filter(m -> m.getMetric().equals("psi")).mapToDouble(MetricResult::getValue)
                .findFirst().orElse(0);
    }
}

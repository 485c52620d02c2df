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
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns drift reports into alert state changes per (model, type, subject) under an {@link AlertPolicy}. Emits
 * only changes, keyed {@code model|type|subject} for the compacted alerts topic, so there is at most one open alert
 * per key: OPEN, then OPEN again (same alert id) if the subject escalates from WARNING to CRITICAL while the alert
 * is open, then RESOLVED. The severity comes from the subject's most severe metric ({@link DriftEvidence}).
 * Besides every feature (DATA_DRIFT) and the score (PREDICTION_DRIFT), a report's judged performance metrics make
 * one PERFORMANCE subject, with the same hysteresis. Reports of a model arrive on one partition (keyed by model), in
 * window order.
 */
final class AlertProcessor extends ContextualProcessor<String, DriftReport, String, Alert> {

    /** Subject of a model's PERFORMANCE alert. */
    static final String PERFORMANCE_SUBJECT = "performance";

    private final AlertPolicy policy;
    private final Clock clock;
    private KeyValueStore<String, AlertState> store;

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
        FeatureDrift performance = performance(report);
        if (performance != null) {
            observe(report, AlertType.PERFORMANCE, performance, top);
        }
    }

    /**
     * The window's judged performance metrics as one subject, {@value #PERFORMANCE_SUBJECT}, fallen when any
     * metric fell; null when no metric was judged (too few labels, labels off, or a bundle without reference
     * performance), which like a feature without a verdict changes nothing.
     */
    private static FeatureDrift performance(DriftReport report) {
        List<MetricResult> judged = report.getPerformance().stream().filter(m -> !Double.isNaN(m.getThreshold()))
                .toList();
        if (judged.isEmpty()) {
            return null;
        }
        return FeatureDrift.newBuilder().setFeature(PERFORMANCE_SUBJECT).setCount(report.getLabelled())
                .setMetrics(judged).setDrifted(judged.stream().anyMatch(MetricResult::getDrifted)).build();
    }

    private void observe(DriftReport report, AlertType type, FeatureDrift feature, List<String> top) {
        if (feature.getMetrics().isEmpty()) {
            return; // not enough data for a verdict: no evidence either way
        }
        String key = report.getModel() + "|" + type + "|" + feature.getFeature();
        AlertState before = Objects.requireNonNullElse(store.get(key), AlertState.NONE);
        AlertState after = before.observe(feature.getDrifted());
        DriftEvidence evidence = DriftEvidence.of(feature);
        long now = clock.millis();
        if (!after.open() && after.drifted() >= policy.openAfter()) {
            after = after.opened(report.getWindowStart().toEpochMilli(), now, evidence.critical());
            forward(key, alert(report, type, feature, top, Change.OPENED, after, evidence, now));
        } else if (after.open() && feature.getDrifted() && evidence.critical() && !after.critical()) {
            after = after.escalated();
            forward(key, alert(report, type, feature, top, Change.ESCALATED, after, evidence, now));
        } else if (after.open() && after.clean() >= policy.resolveAfter()) {
            Alert resolved = alert(report, type, feature, top, Change.RESOLVED, after, evidence, now);
            after = after.resolved();
            forward(key, resolved);
        }
        store.put(key, after);
    }

    private void forward(String key, Alert alert) {
        context().forward(new Record<>(key, alert, alert.getUpdatedAt().toEpochMilli()));
    }

    /** The state changes that emit an alert record. */
    private enum Change { OPENED, ESCALATED, RESOLVED }

    private Alert alert(DriftReport report, AlertType type, FeatureDrift feature, List<String> top, Change change,
                        AlertState state, DriftEvidence evidence, long now) {
        MetricResult metric = evidence.metric();
        return Alert.newBuilder()
                .setAlertId(report.getModel() + "|" + type + "|" + feature.getFeature() + "|" + state.openedWindowStart())
                .setModel(report.getModel()).setModelVersion(report.getModelVersion())
                .setType(type).setSeverity(state.critical() ? Severity.CRITICAL : Severity.WARNING)
                .setStatus(change == Change.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.OPEN)
                .setSubject(feature.getFeature())
                .setMetric(metric == null ? null : metric.getMetric())
                .setValue(metric == null ? null : metric.getValue())
                .setThreshold(evidence.thresholdCrossed())
                .setWindowStart(report.getWindowStart()).setWindowEnd(report.getWindowEnd())
                .setMessage(message(report, feature, top, change, state, evidence)).setTopFeatures(top)
                .setCreatedAt(Instant.ofEpochMilli(state.openedAt())).setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private static String message(DriftReport report, FeatureDrift feature, List<String> top, Change change,
                                  AlertState state, DriftEvidence evidence) {
        String subject = String.format(Locale.ROOT, "%s of model %s v%s", feature.getFeature(), report.getModel(),
                report.getModelVersion());
        String window = report.getWindowStart() + " to " + report.getWindowEnd();
        return switch (change) {
            case OPENED -> String.format(Locale.ROOT, "%s drifted in %d consecutive windows: %s; last window %s; "
                    + "top drifted: %s", subject, state.drifted(), evidence.describe(), window, top);
            case ESCALATED -> String.format(Locale.ROOT, "%s escalated to CRITICAL after %d consecutive drifted "
                    + "windows: %s; last window %s; top drifted: %s", subject, state.drifted(), evidence.describe(),
                    window, top);
            case RESOLVED -> String.format(Locale.ROOT, "%s clean in %d consecutive windows; last window %s", subject,
                    state.clean(), window);
        };
    }

    /** The drifted subjects of the report, most severe first, then largest PSI, at most five. */
    private static List<String> topDrifted(DriftReport report) {
        List<FeatureDrift> all = new ArrayList<>(report.getFeatures());
        if (report.getPrediction() != null) {
            all.add(report.getPrediction());
        }
        return all.stream().filter(FeatureDrift::getDrifted)
                .sorted(Comparator.comparing((FeatureDrift f) -> DriftEvidence.of(f).grade(), Comparator.reverseOrder())
                        .thenComparingDouble(f -> -psi(f)))
                .limit(5).map(FeatureDrift::getFeature).toList();
    }

    private static double psi(FeatureDrift feature) {
        return feature.getMetrics().stream().filter(m -> m.getMetric().equals("psi")).mapToDouble(MetricResult::getValue)
                .findFirst().orElse(0);
    }
}

package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.AlertStatus;
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

/**
 * Turns drift reports into alert state changes per (model, type, subject) under an {@link AlertPolicy}. Emits
 * only changes, keyed {@code model|type|subject} for the compacted alerts topic, so there is at most one open alert
 * per key: OPEN, then OPEN again (same alert id) if the subject escalates from WARNING to CRITICAL while the alert
 * is open, then RESOLVED. The severity comes from the subject's most severe metric ({@link DriftEvidence}).
 * Besides every feature (DATA_DRIFT) and the score (PREDICTION_DRIFT), a report's judged performance metrics make
 * one {@link AlertSubject.Kind#PERFORMANCE} subject, with the same hysteresis. Reports of a model arrive on one
 * partition (keyed by model), in window order. State is in the {@link AlertLedger} {@value AlertStage#STORE}.
 */
final class AlertProcessor extends ContextualProcessor<String, DriftReport, String, Alert> {

    private final AlertPolicy policy;
    private final Clock clock;
    private AlertLedger<AlertState> ledger;

    AlertProcessor(AlertPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, Alert> context) {
        super.init(context);
        ledger = AlertLedger.open(context, AlertStage.STORE, AlertState.NONE);
    }

    @Override
    public void process(Record<String, DriftReport> record) {
        DriftReport report = record.value();
        if (report == null || report.getShadow()) {
            return; // a shadow model's drift does not page anyone
        }
        List<String> top = topDrifted(report);
        for (FeatureDrift feature : report.getFeatures()) {
            observe(report, new Observation(AlertKey.dataDrift(report.getModel(), feature.getFeature()),
                    feature.getMetrics(), feature.getDrifted()), top);
        }
        FeatureDrift prediction = report.getPrediction();
        if (prediction != null) {
            observe(report, new Observation(AlertKey.predictionDrift(report.getModel(), prediction.getFeature()),
                    prediction.getMetrics(), prediction.getDrifted()), top);
        }
        Observation performance = performance(report);
        if (performance != null) {
            observe(report, performance, top);
        }
    }

    /** One subject's verdict in one report: its metrics (empty: no verdict) and whether it drifted or fell. */
    private record Observation(AlertKey key, List<MetricResult> metrics, boolean drifted) {
    }

    /**
     * The window's judged performance metrics as the model's PERFORMANCE subject, fallen when any metric fell; null
     * when no metric was judged (too few labels, labels off, or a bundle without reference performance), which like
     * a feature without a verdict changes nothing.
     */
    private static Observation performance(DriftReport report) {
        List<MetricResult> judged = report.getPerformance().stream().filter(m -> !Double.isNaN(m.getThreshold()))
                .toList();
        if (judged.isEmpty()) {
            return null;
        }
        return new Observation(AlertKey.performance(report.getModel()), judged,
                judged.stream().anyMatch(MetricResult::getDrifted));
    }

    private void observe(DriftReport report, Observation seen, List<String> top) {
        if (seen.metrics().isEmpty()) {
            return; // not enough data for a verdict: no evidence either way
        }
        AlertKey key = seen.key();
        AlertState before = ledger.get(key);
        AlertState after = before.observe(seen.drifted());
        DriftEvidence evidence = DriftEvidence.of(seen.metrics());
        long now = clock.millis();
        if (!after.open() && after.drifted() >= policy.openAfter()) {
            after = after.opened(report.getWindowStart().toEpochMilli(), now, evidence.critical());
            forward(key, alert(report, key, top, Change.OPENED, after, evidence, now));
        } else if (after.open() && seen.drifted() && evidence.critical() && !after.critical()) {
            after = after.escalated();
            forward(key, alert(report, key, top, Change.ESCALATED, after, evidence, now));
        } else if (after.open() && after.clean() >= policy.resolveAfter()) {
            Alert resolved = alert(report, key, top, Change.RESOLVED, after, evidence, now);
            after = after.resolved();
            forward(key, resolved);
        }
        ledger.put(key, after);
    }

    private void forward(AlertKey key, Alert alert) {
        context().forward(new Record<>(key.toString(), alert, alert.getUpdatedAt().toEpochMilli()));
    }

    /** The state changes that emit an alert record. */
    private enum Change { OPENED, ESCALATED, RESOLVED }

    private Alert alert(DriftReport report, AlertKey key, List<String> top, Change change, AlertState state,
                        DriftEvidence evidence, long now) {
        MetricResult metric = evidence.metric();
        return Alert.newBuilder()
                .setAlertId(key + "|" + state.openedWindowStart())
                .setModel(report.getModel()).setModelVersion(report.getModelVersion())
                .setType(key.type()).setSeverity(state.critical() ? Severity.CRITICAL : Severity.WARNING)
                .setStatus(change == Change.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.OPEN)
                .setSubject(key.subject().name())
                .setMetric(metric == null ? null : metric.getMetric())
                .setValue(metric == null ? null : metric.getValue())
                .setThreshold(evidence.thresholdCrossed())
                .setWindowStart(report.getWindowStart()).setWindowEnd(report.getWindowEnd())
                .setMessage(message(report, key.subject(), top, change, state, evidence)).setTopFeatures(top)
                .setCreatedAt(Instant.ofEpochMilli(state.openedAt())).setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private static String message(DriftReport report, AlertSubject about, List<String> top, Change change,
                                  AlertState state, DriftEvidence evidence) {
        String subject = String.format(Locale.ROOT, "%s of model %s v%s", about.name(), report.getModel(),
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

package io.driftline.devkit.demo;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.RetrainRequest;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.enrich.EnrichMetrics;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ScoreMetrics;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints the demo's progress: events, predictions, throughput, serving versions, and every model swap; then,
 * indented, the input side: profiles joined to events, bad records sent and dead letters per code. As they
 * happen: each drift report (window, events, drifted features with their worst metric, performance when labels
 * give it), each alert opening or resolving, each retrain request, and the start and end of injected drift. Reports
 * and alerts from before the demo started (a data directory kept from an earlier run) are not shown.
 */
final class ConsoleReporter {

    private final PrintWriter out;
    private EventGenerator generator;
    private PredictionWatcher watcher;
    private DriftlineTopology.Metrics metrics;
    private String eventsTopic;
    private long lastEvents;
    private long lastPredictions;
    private long lastNanos = System.nanoTime();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final long startedAt = System.currentTimeMillis();

    ConsoleReporter(PrintWriter out) {
        this.out = out;
    }

    /** Starts reporting on the running demo's parts (model events are printed from the start). */
    void attach(EventGenerator generator, PredictionWatcher watcher, DriftlineTopology.Metrics metrics,
                String eventsTopic) {
        this.eventsTopic = eventsTopic;
        this.generator = generator;
        this.watcher = watcher;
        this.metrics = metrics;
        this.lastNanos = System.nanoTime();
    }

    synchronized void line(String text) {
        out.printf("[driftline %s] %s%n", CLOCK.format(LocalTime.now()), text);
        out.flush();
    }

    void modelEvent(ModelEvent e) {
        switch (e.kind()) {
            case DEPLOYED -> line(String.format("MODEL %s %s v%s%s in %d ms (%s)", e.model(),
                    e.shadow() ? "shadowing" : "now serving", e.version(),
                    e.previousVersion() == null ? "" : " (was v" + e.previousVersion() + ")", e.durationMs(), e.message()));
            case REJECTED -> line(String.format("MODEL %s v%s REJECTED [%s]: %s; %s keeps serving", e.model(), e.version(),
                    e.reason(), e.message(), e.previousVersion() == null ? "no version" : "v" + e.previousVersion()));
            case RETIRED -> line("MODEL " + e.model() + " retired");
            case UNCHANGED -> { }
        }
    }

    void driftReport(DriftReport r) {
        if (r.getCreatedAt().toEpochMilli() < startedAt) {
            return;
        }
        List<FeatureDrift> features = new ArrayList<>(r.getFeatures());
        if (r.getPrediction() != null) {
            features.add(r.getPrediction());
        }
        String verdict = !r.getSufficientSample() ? "too few events for a verdict"
                : !r.getDrifted() ? "no drift"
                : "DRIFTED " + features.stream().filter(FeatureDrift::getDrifted).map(ConsoleReporter::worst)
                        .collect(Collectors.joining(", "));
        String performance = r.getPerformance().isEmpty() ? "" : " | " + r.getLabelled() + " labelled: "
                + r.getPerformance().stream()
                .map(m -> String.format(Locale.ROOT, "%s %.3f%s", m.getMetric(), m.getValue(), m.getDrifted() ? " (!)" : ""))
                .collect(Collectors.joining(", "));
        line(String.format("REPORT %s v%s%s window %s-%s | %,d events | %s%s", r.getModel(), r.getModelVersion(),
                r.getShadow() ? " (shadow)" : "", clock(r.getWindowStart()), clock(r.getWindowEnd()), r.getCount(),
                verdict, performance));
    }

    /** A drifted feature with the drifted metric furthest past its threshold. */
    private static String worst(FeatureDrift f) {
        MetricResult worst = f.getMetrics().stream().filter(MetricResult::getDrifted)
                .max(Comparator.comparingDouble(ConsoleReporter::severity)).orElse(null);
        if (worst == null) {
            return f.getFeature();
        }
        return String.format(Locale.ROOT, "%s (%s %.3g%s)", f.getFeature(), worst.getMetric(), worst.getValue(),
                worst.getPValue() == null ? "" : String.format(Locale.ROOT, ", p %.2g", worst.getPValue()));
    }

    /** How far past its threshold a metric is: p-value tests by alpha over p, distances by value over threshold. */
    private static double severity(MetricResult m) {
        if (m.getPValue() != null) {
            return m.getThreshold() / Math.max(m.getPValue(), 1e-300);
        }
        return m.getValue() / Math.max(m.getThreshold(), 1e-12);
    }

    void alert(Alert a) {
        Instant changed = a.getUpdatedAt() != null ? a.getUpdatedAt() : a.getCreatedAt();
        if (changed.toEpochMilli() < startedAt) {
            return;
        }
        line(String.format("ALERT %s %s %s [%s%s]: %s", a.getStatus(), a.getType(), a.getSubject(),
                a.getStatus() == AlertStatus.OPEN ? a.getSeverity() + ", " : "", a.getModel(), a.getMessage()));
    }

    void retrainRequest(RetrainRequest r) {
        line(String.format("RETRAIN requested for %s v%s (id %s): %s; features %s; retrain on data %s-%s",
                r.getModel(), r.getModelVersion(), r.getRequestId(), String.join("; ", r.getReasons()),
                r.getDriftedFeatures().stream().map(f -> f.getFeature() + " (" + f.getMetrics().stream()
                        .map(m -> String.format(Locale.ROOT, "%s %.3g", m.getMetric(), m.getValue()))
                        .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", ")),
                clock(r.getDataWindowStart()), clock(r.getDataWindowEnd())));
    }

    private static String clock(Instant t) {
        return CLOCK.format(LocalTime.ofInstant(t, ZoneId.systemDefault()));
    }

    void report() {
        if (generator == null) {
            return;
        }
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long events = generator.sent();
        long predictions = watcher.seen();
        Map<String, String> serving = watcher.latestVersions();
        ScoreMetrics score = metrics.score();
        EnrichMetrics enrich = metrics.enrich();
        line(String.format("events %,d (%,.0f/s), merchant events %,d | predictions %,d (%,.0f/s) | serving %s | by version %s | parked %d | scoring %.1f us/event (onnx %.1f), batch %.0f",
                events, (events - lastEvents) / seconds, generator.merchantSent(), predictions, (predictions - lastPredictions) / seconds,
                serving.isEmpty() ? "-" : serving, watcher.countsByVersion(), score.parked(), score.meanScoringMicros(),
                score.meanOnnxMicros(), score.meanBatchSize()));
        // Missing on the events topic: merchant events are keyed by merchant and have no card profile by design.
        line(String.format("  profiles joined %,d, missing %,d | bad records sent %,d | dlq %s%s",
                enrich.profilesJoined(), enrich.profilesMissing(eventsTopic) + enrich.profilesUndecodable(),
                generator.badSent(),
                metrics.deadLetters().snapshot(), generator.labelsSent() == 0 ? ""
                        : String.format(" | labels sent %,d", generator.labelsSent())));
        lastEvents = events;
        lastPredictions = predictions;
        lastNanos = now;
    }
}

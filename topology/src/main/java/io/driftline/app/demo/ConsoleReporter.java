package io.driftline.app.demo;

import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.enrich.EnrichMetrics;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ScoreMetrics;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Prints the demo's progress: events, predictions, throughput, serving versions, and every model swap; then,
 * indented, the input side: profiles joined to events, bad records sent and dead letters per code.
 */
final class ConsoleReporter {

    private final PrintWriter out;
    private EventGenerator generator;
    private PredictionWatcher watcher;
    private DriftlineTopology.Metrics metrics;
    private long lastEvents;
    private long lastPredictions;
    private long lastNanos = System.nanoTime();

    ConsoleReporter(PrintWriter out) {
        this.out = out;
    }

    /** Starts reporting on the running demo's parts (model events are printed from the start). */
    void attach(EventGenerator generator, PredictionWatcher watcher, DriftlineTopology.Metrics metrics) {
        this.generator = generator;
        this.watcher = watcher;
        this.metrics = metrics;
        this.lastNanos = System.nanoTime();
    }

    synchronized void line(String text) {
        out.printf("[driftline %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), text);
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
        line(String.format("events %,d (%,.0f/s) | predictions %,d (%,.0f/s) | serving %s | by version %s | parked %d | onnx %.1f us/event",
                events, (events - lastEvents) / seconds, predictions, (predictions - lastPredictions) / seconds,
                serving.isEmpty() ? "-" : serving, watcher.countsByVersion(), score.parked(), score.meanScoringMicros()));
        line(String.format("  profiles joined %,d, missing %,d | bad records sent %,d | dlq %s",
                enrich.profilesJoined(), enrich.profilesMissing() + enrich.profilesUndecodable(), generator.badSent(),
                metrics.deadLetters().snapshot()));
        lastEvents = events;
        lastPredictions = predictions;
        lastNanos = now;
    }
}

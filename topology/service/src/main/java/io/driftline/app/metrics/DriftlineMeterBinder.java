package io.driftline.app.metrics;

import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ServingModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Driftline's own meters beside those the stages record themselves (predictions, latencies, parked events):
 * events in, dead letters by code, profile joins, model swaps and rejections, and the model versions in service.
 * Counters read the stages' adders when scraped, so the hot path pays nothing for them.
 */
public final class DriftlineMeterBinder implements MeterBinder {

    private final DriftlineTopology.Metrics metrics;
    private final ModelRegistry models;

    public DriftlineMeterBinder(DriftlineTopology.Metrics metrics, ModelRegistry models) {
        this.metrics = metrics;
        this.models = models;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("driftline.events.in", metrics.ingest(), m -> m.eventsIn())
                .description("Records read from the events topic, good and bad").register(registry);
        for (DeadLetterCode code : DeadLetterCode.values()) {
            FunctionCounter.builder("driftline.dead.letters", metrics.deadLetters(), d -> d.count(code))
                    .description("Records sent to the dead-letter topic, by error code").tag("code", code.name())
                    .register(registry);
        }
        FunctionCounter.builder("driftline.profiles.joined", metrics.enrich(), e -> e.profilesJoined())
                .description("Events that found their entity profile").register(registry);
        FunctionCounter.builder("driftline.profiles.missing", metrics.enrich(), e -> e.profilesMissing())
                .description("Events with no profile for their key").register(registry);
        FunctionCounter.builder("driftline.profiles.undecodable", metrics.enrich(), e -> e.profilesUndecodable())
                .description("Events whose profile did not decode and was treated as absent").register(registry);
        FunctionCounter.builder("driftline.labels.in", metrics.labels(), l -> l.labels())
                .description("Valid labels read from the labels topic").register(registry);
        FunctionCounter.builder("driftline.labels.joined", metrics.labels(), l -> l.joined())
                .description("Labels joined with a prediction (one per model version that scored the event)")
                .register(registry);
        FunctionCounter.builder("driftline.labels.duplicate", metrics.labels(), l -> l.duplicates())
                .description("Labels dropped because their event already had one (a producer's retry)")
                .register(registry);
        FunctionCounter.builder("driftline.drift.late", metrics.stats(), m -> m.late())
                .description("Scored events and labelled predictions that came after every drift window holding "
                        + "them had closed, not counted in drift statistics").register(registry);
        FunctionCounter.builder("driftline.drift.uncounted.labels", metrics.stats(), m -> m.uncountedLabels())
                .description("Labels that could not judge their prediction (no reference profile here, or a label of "
                        + "the wrong kind)").register(registry);
        FunctionCounter.builder("driftline.drift.failed", metrics.stats(), m -> m.failed())
                .description("Scored events the drift statistics could not count (an error, logged; should stay 0)")
                .register(registry);
        FunctionCounter.builder("driftline.concept.signals", metrics.labels(), l -> l.conceptSignals())
                .description("Times a concept drift detector signalled a rise in a model's error").register(registry);

        MultiGauge versions = MultiGauge.builder("driftline.model.version.info")
                .description("1 for each model version in service on this instance").register(registry);
        Runnable refreshVersions = () -> versions.register(rows(models.serving()), true);
        refreshVersions.run();
        models.addListener(event -> {
            refreshVersions.run();
            count(registry, event);
        });
    }

    private static List<MultiGauge.Row<?>> rows(java.util.Collection<ServingModel> serving) {
        return serving.stream().<MultiGauge.Row<?>>map(m -> MultiGauge.Row.of(Tags.of("model", m.model(),
                "version", m.version(), "shadow", Boolean.toString(m.shadow())), 1)).toList();
    }

    private static void count(MeterRegistry registry, ModelEvent event) {
        switch (event.kind()) {
            case DEPLOYED -> Counter.builder("driftline.model.swaps").description("Model versions swapped in")
                    .tag("model", event.model()).register(registry).increment();
            case REJECTED -> Counter.builder("driftline.model.rejections").description("Bundles rejected by verification")
                    .tag("model", event.model()).tag("reason", String.valueOf(event.reason())).register(registry)
                    .increment();
            default -> {
            }
        }
    }
}

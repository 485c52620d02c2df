package io.driftline.topology.concept;

import io.driftline.Alert;
import io.driftline.topology.alert.AlertLedger;
import io.driftline.topology.label.LabelMetrics;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ModelRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Concept drift: a streaming change detector (Page-Hinkley) per model version on the per-event error of labelled
 * predictions, in each label-join task ({@value #DETECTOR_STORE}); its signals, keyed by model through
 * {@value #SIGNALS_TOPIC}, open and resolve CONCEPT_DRIFT alerts ({@value #ALERT_STORE}) without waiting for a
 * window to close.
 */
public final class ConceptStage {

    /** Per task: the detectors' state per model version (changelogged, cached). */
    public static final String DETECTOR_STORE = "concept-detectors";
    /** Per model: the open CONCEPT_DRIFT alerts (changelogged). */
    public static final String ALERT_STORE = "concept-alerts";
    /** Repartition topic of the detectors' signals, keyed by model. */
    public static final String SIGNALS_TOPIC = "concept-signals";

    private ConceptStage() {
    }

    /**
     * CONCEPT_DRIFT alerts that open or resolve, keyed {@code model|CONCEPT_DRIFT|version} (an
     * {@link io.driftline.topology.alert.AlertKey}); end them at the {@link io.driftline.topology.alert.AlertSink}.
     */
    public static KStream<String, Alert> alerts(StreamsBuilder builder, KStream<String, LabelledPrediction> labelled,
                                                ModelRegistry registry, LabelSettings settings, LabelMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTOR_STORE),
                Serdes.String(), DetectorLayout.of(settings.detector())).withCachingEnabled());
        builder.addStateStore(AlertLedger.storeBuilder(ALERT_STORE, ConceptAlertProcessor.State.LAYOUT));
        return labelled
                .process(() -> new ConceptDriftProcessor(registry, settings.detector(), metrics),
                        Named.as("concept-detect"), DETECTOR_STORE)
                .repartition(Repartitioned.with(Serdes.String(), ConceptSignal.serde()).withName(SIGNALS_TOPIC))
                .process(() -> new ConceptAlertProcessor(settings.conceptQuiet()), Named.as("concept-alerts"),
                        ALERT_STORE);
    }
}

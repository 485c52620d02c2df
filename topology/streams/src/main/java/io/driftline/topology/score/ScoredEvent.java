package io.driftline.topology.score;

import io.driftline.Prediction;
import io.driftline.topology.ingest.InputEvent;

/**
 * One event scored by one model: the prediction, and what later stages of the same sub-topology need besides it
 * (window statistics read the event's features with the model's own encoder and compare with its reference
 * profile). Lives only between processors of one sub-topology, like {@link InputEvent}: never serialised.
 *
 * @param event       the enriched event that was scored
 * @param model       the model version that scored it; only its manifest, encoder and reference profile may be
 *                    used downstream (its ONNX lease has ended by then)
 * @param prediction  the prediction, as published
 * @param outputTopic the topic the prediction goes to (the model's route); null: the service's predictions topic
 * @param champion    a shadow's champion on the same event; null for a champion
 * @param observed    what the model's encoder read from the event, per manifest feature, before the missing policy
 *                    ({@link io.driftline.models.features.FeatureEncoder#encodeInto(org.apache.avro.generic.GenericRecord,
 *                    io.driftline.models.features.FeatureSink, int, double[])}): the window statistics count these
 *                    instead of reading the event again; null when not noted (they read the event then). Not
 *                    copied: nothing changes it after scoring
 */
public record ScoredEvent(InputEvent event, ServingModel model, Prediction prediction, String outputTopic,
                          ChampionScore champion, double[] observed) {

    /** A scored event bound for the service's predictions topic, its values not noted. */
    public ScoredEvent(InputEvent event, ServingModel model, Prediction prediction) {
        this(event, model, prediction, null, null, null);
    }
}

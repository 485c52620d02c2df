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
 */
public record ScoredEvent(InputEvent event, ServingModel model, Prediction prediction, String outputTopic,
                          ChampionScore champion) {

    /** A scored event bound for the service's predictions topic. */
    public ScoredEvent(InputEvent event, ServingModel model, Prediction prediction) {
        this(event, model, prediction, null, null);
    }

    /** A scored event bound for {@code outputTopic} (null: the service's predictions topic). */
    public ScoredEvent(InputEvent event, ServingModel model, Prediction prediction, String outputTopic) {
        this(event, model, prediction, outputTopic, null);
    }
}

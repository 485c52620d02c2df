package io.driftline.topology.stats;

import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ScoredEvent;

/**
 * What the window statistics tasks count: a scored event (into its event time's window) or a labelled prediction
 * (into the window of its label's arrival). Exactly one of the two is set.
 */
record StatsInput(ScoredEvent scored, LabelledPrediction labelled) {

    static StatsInput of(ScoredEvent scored) {
        return new StatsInput(scored, null);
    }

    static StatsInput of(LabelledPrediction labelled) {
        return new StatsInput(null, labelled);
    }
}

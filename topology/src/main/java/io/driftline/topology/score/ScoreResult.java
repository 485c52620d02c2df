package io.driftline.topology.score;

import io.driftline.Prediction;

/**
 * What the score processor emits: a prediction, or the original bytes of an event that could not be scored
 * outside a record's own processing (a parked event scored later by the punctuator, where Kafka Streams'
 * exception handler cannot route it), bound for the dead-letter topic with the reason in its headers.
 */
record ScoreResult(Prediction prediction, byte[] deadLetter) {

    static ScoreResult of(Prediction prediction) {
        return new ScoreResult(prediction, null);
    }

    static ScoreResult deadLetter(byte[] raw) {
        return new ScoreResult(null, raw);
    }

    boolean isPrediction() {
        return prediction != null;
    }
}

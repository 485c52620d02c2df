package io.driftline.topology.score;

/**
 * What the score processor emits: a scored event (its prediction and what window statistics need), or the
 * original bytes of an event that could not be scored outside a record's own processing (a parked event scored
 * later by the punctuator, where Kafka Streams' exception handler cannot route it), bound for the dead-letter
 * topic with the reason in its headers.
 */
record ScoreResult(ScoredEvent scored, byte[] deadLetter) {

    static ScoreResult of(ScoredEvent scored) {
        return new ScoreResult(scored, null);
    }

    static ScoreResult deadLetter(byte[] raw) {
        return new ScoreResult(null, raw);
    }

    boolean isPrediction() {
        return scored != null;
    }
}

package io.driftline.topology.score;

/** One event that could not be scored (its features do not encode, or the model failed on it). */
public final class ScoringException extends RuntimeException {

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}

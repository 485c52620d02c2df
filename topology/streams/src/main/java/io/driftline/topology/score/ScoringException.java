package io.driftline.topology.score;

import io.driftline.models.features.FeatureException;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.RejectedRecordException;

/** One event that could not be scored: its features do not encode, or the model failed on it. */
public final class ScoringException extends RejectedRecordException {

    public ScoringException(String message, Throwable cause) {
        super(codeFor(cause), message, cause);
    }

    private static DeadLetterCode codeFor(Throwable cause) {
        if (cause instanceof FeatureException feature) {
            return switch (feature.code()) {
                case MISSING_FEATURE -> DeadLetterCode.MISSING_FEATURE;
                case WRONG_TYPE -> DeadLetterCode.WRONG_TYPE;
                case NOT_FINITE -> DeadLetterCode.NOT_FINITE;
            };
        }
        return DeadLetterCode.MODEL_FAILED;
    }
}

package io.driftline.topology.ingest;

import java.util.Objects;

/**
 * A record that a stage rejects for a reason with a {@link DeadLetterCode}; the processing exception handler
 * sends it to the dead-letter topic with that code. Thrown for bad data on the hot path, so it carries no
 * stack trace: the message says what was wrong and where.
 */
public class RejectedRecordException extends RuntimeException {

    private final DeadLetterCode code;

    public RejectedRecordException(DeadLetterCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Why the record is rejected. */
    public DeadLetterCode code() {
        return code;
    }

    /** The code of the first {@link RejectedRecordException} in the cause chain, or UNEXPECTED. */
    public static DeadLetterCode codeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RejectedRecordException rejected) {
                return rejected.code();
            }
        }
        return DeadLetterCode.UNEXPECTED;
    }
}

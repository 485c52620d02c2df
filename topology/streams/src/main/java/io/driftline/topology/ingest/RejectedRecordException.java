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

    /**
     * The rejection of the record whose processing threw {@code error}, so that no Error leaves a processor of
     * ours: Kafka Streams hands only Exceptions to the processing exception handler, and an Error kills the stream
     * thread, whose replacement reads the same record and dies in turn, stalling the partition for good.
     * A StackOverflowError is TOO_DEEP (a value nested too deep: the stack has unwound to the processor by the
     * time it is caught, so the thread goes on safely); any other Error (an AssertionError, a LinkageError) is
     * UNEXPECTED, logged with its stack trace by the handler.
     *
     * <p>A {@link VirtualMachineError} other than StackOverflowError is rethrown as it is: an OutOfMemoryError or
     * an InternalError says the JVM as a whole is in trouble, not this record. Dead-lettering would send good
     * records to the dead-letter topic one after another while the process starves; failing lets it restart.
     *
     * @param what the record, for the message (its position, say)
     * @throws VirtualMachineError {@code error} itself, unless it is a StackOverflowError
     */
    public static RejectedRecordException ofError(Error error, String what) {
        if (error instanceof StackOverflowError) {
            return new RejectedRecordException(DeadLetterCode.TOO_DEEP, "processing " + what
                    + " overflowed the stack (a value nested too deep?)", error);
        }
        if (error instanceof VirtualMachineError vm) {
            throw vm;
        }
        return new RejectedRecordException(DeadLetterCode.UNEXPECTED, "processing " + what + " failed with "
                + error, error);
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

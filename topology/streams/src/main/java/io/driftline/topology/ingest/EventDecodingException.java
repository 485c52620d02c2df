package io.driftline.topology.ingest;

/** An input record whose value could not be decoded as Confluent-framed Avro; it goes to the dead-letter topic. */
public final class EventDecodingException extends RejectedRecordException {

    public EventDecodingException(DeadLetterCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}

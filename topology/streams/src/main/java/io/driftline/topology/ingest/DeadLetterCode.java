package io.driftline.topology.ingest;

/**
 * Why a record went to the dead-letter topic: a stable code, written to the {@code __driftline.error.code}
 * header and counted per code. Only add codes, never rename one: users filter and alert on them.
 */
public enum DeadLetterCode {
    /** The value is null (a tombstone) where an event was expected. */
    NULL_VALUE,
    /** The bytes are not Confluent-framed Avro (wrong magic byte, too short). */
    NOT_AVRO,
    /** The frame names a schema id the registry does not know. */
    UNKNOWN_SCHEMA,
    /** The payload does not decode with the schema its frame names. */
    MALFORMED_AVRO,
    /** The registry could not be reached for longer than the configured pause. */
    REGISTRY_UNAVAILABLE,
    /** A feature the manifest requires (missing policy REJECT) is absent or null. */
    MISSING_FEATURE,
    /** A feature value has the wrong type (text where a number is expected, say). */
    WRONG_TYPE,
    /** A numeric feature is NaN or infinite, or too large for a float. */
    NOT_FINITE,
    /** The model failed on this one record. */
    MODEL_FAILED,
    /** The event is older than the window aggregates' grace period allows. */
    LATE_EVENT,
    /** A label (on the labels topic) without an event id, an outcome, or a key that is its event id. */
    INVALID_LABEL,
    /**
     * The value nests deeper than the decoder allows (records, arrays and maps; a recursive schema, say), or
     * processing it overflowed the thread's stack.
     */
    TOO_DEEP,
    /**
     * The record's time (its Kafka timestamp, or a label's own timestamp) is negative or more than
     * {@code ingest.max.future.skew.ms} ahead of the wall clock; the original time is in the
     * {@code __driftline.source.timestamp} header.
     */
    TIMESTAMP_OUT_OF_RANGE,
    /** Anything else: a bug or an unforeseen input; the message says more. */
    UNEXPECTED
}

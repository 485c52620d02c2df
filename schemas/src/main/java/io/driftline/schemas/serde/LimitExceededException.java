package io.driftline.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that the deserializer refuses to decode because it is beyond a safety limit: nested deeper than
 * {@value BoundedDatumReader#MAX_DEPTH} records, arrays and maps, or decoding it overflowed the stack. The bytes
 * may well be valid Avro; they are refused so that one hostile record cannot kill the thread that reads it.
 */
public final class LimitExceededException extends SerializationException {

    LimitExceededException(String message) {
        super(message);
    }

    LimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}

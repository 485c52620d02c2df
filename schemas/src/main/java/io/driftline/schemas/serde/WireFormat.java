package io.driftline.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema's registry id as a big-endian 4-byte int, then
 * the Avro binary encoding of the value.
 */
public final class WireFormat {

    /** The only magic byte this format defines. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the Avro payload. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of a framed value. */
    public static int schemaId(byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new NotFramedException("Not Confluent-framed Avro: " + framed.length
                    + " bytes is shorter than the 5-byte header");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new NotFramedException("Not Confluent-framed Avro: unknown magic byte " + framed[0]
                    + " (expected 0)");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** Writes the 5-byte header into {@code out}. */
    static void writeHeader(int schemaId, byte[] out) {
        out[0] = MAGIC_BYTE;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /** The bytes are not in the Confluent wire format at all. */
    public static final class NotFramedException extends SerializationException {
        NotFramedException(String message) {
            super(message);
        }
    }
}

package io.driftline.topology.ingest;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes input values with the producer's own schema (looked up by the id in the Confluent framing).
 * Shared by the ingest stage and by stages that re-read parked raw bytes, so both decode the same way.
 */
public final class EventDecoder {

    private final Deserializer<GenericRecord> deserializer;

    public EventDecoder(Deserializer<GenericRecord> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * Decodes one value.
     *
     * @throws EventDecodingException when the bytes are null, not Confluent-framed Avro, or name an unknown schema
     */
    public GenericRecord decode(String topic, byte[] raw) {
        if (raw == null) {
            throw new EventDecodingException("event has no value (null or tombstone)", null);
        }
        try {
            GenericRecord record = deserializer.deserialize(topic, raw);
            if (record == null) {
                throw new EventDecodingException("event value decoded to null", null);
            }
            return record;
        } catch (EventDecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventDecodingException("cannot decode event from " + topic + ": " + e.getMessage(), e);
        }
    }
}

package io.driftline.topology.ingest;

import org.apache.avro.generic.GenericRecord;

/**
 * A decoded input event and where it came from. Lives only between processors of one sub-topology (it is never
 * serialised), so it can carry the original bytes for later stages that must park or dead-letter the event.
 *
 * @param key       entity id (record key), may be null
 * @param value     the event in the producer's own Avro schema
 * @param raw       the original value bytes, Confluent wire format
 * @param timestamp event time of the record
 */
public record InputEvent(String key, GenericRecord value, byte[] raw, long timestamp,
                         String topic, int partition, long offset) {

    /** Event id used when the model's manifest names no id field: unique and stable for a record. */
    public String positionId() {
        return topic + "-" + partition + "-" + offset;
    }
}

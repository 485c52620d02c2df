package io.driftline.topology.ingest;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * A decoded input event and where it came from. Lives only between processors of one sub-topology (it is never
 * serialised as a whole), so it can carry the original bytes for later stages that must park or dead-letter the
 * event.
 *
 * @param key        entity id (record key), may be null
 * @param value      the event in the producer's own Avro schema
 * @param raw        the original value bytes, Confluent wire format
 * @param timestamp  event time of the record
 * @param enrichment what the enrich stage added (profile, window aggregates); {@link Enrichment#NONE} before it
 */
public record InputEvent(String key, GenericRecord value, byte[] raw, long timestamp,
                         String topic, int partition, long offset, Enrichment enrichment) {

    public InputEvent {
        Objects.requireNonNull(enrichment, "enrichment");
    }

    /** A freshly decoded event, not enriched yet. */
    public InputEvent(String key, GenericRecord value, byte[] raw, long timestamp, String topic, int partition,
                      long offset) {
        this(key, value, raw, timestamp, topic, partition, offset, Enrichment.NONE);
    }

    /** Event id used when the model's manifest names no id field: unique and stable for a record. */
    public String positionId() {
        return topic + "-" + partition + "-" + offset;
    }

    /** The same event with other enrichment. */
    public InputEvent withEnrichment(Enrichment enrichment) {
        return new InputEvent(key, value, raw, timestamp, topic, partition, offset, enrichment);
    }

    /** The same event with another decoded value (re-decoded from {@link #raw()}). */
    public InputEvent withValue(GenericRecord value) {
        return new InputEvent(key, value, raw, timestamp, topic, partition, offset, enrichment);
    }

    /**
     * What features are read from: the event's fields, plus {@code profile.*} and {@code agg.*} when enriched
     * (see {@link EnrichedView}).
     */
    public GenericRecord features() {
        return EnrichedView.of(value, enrichment);
    }
}

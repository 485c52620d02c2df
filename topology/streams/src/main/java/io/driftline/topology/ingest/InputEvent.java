package io.driftline.topology.ingest;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * A decoded input event and where it came from. Lives only between processors of one sub-topology (it is never
 * serialised as a whole), so it can carry the original bytes for later stages that must park or dead-letter the
 * event.
 *
 * <p>A class, not a record, only so that it can keep the {@link #features()} view it built: scoring and the
 * statistics both read an event's features, and the view is a record copy (measured at 3-4% of the stream thread
 * when it was built on every call). Instances are immutable; {@code with...} make new ones.
 */
public final class InputEvent {

    private final String key;
    private final GenericRecord value;
    private final byte[] raw;
    private final long timestamp;
    private final String topic;
    private final int partition;
    private final long offset;
    private final Enrichment enrichment;
    /** Built on the first {@link #features()}; only one stream thread ever sees an event. */
    private GenericRecord features;

    /**
     * @param key        entity id (record key), may be null
     * @param value      the event in the producer's own Avro schema
     * @param raw        the original value bytes, Confluent wire format
     * @param timestamp  event time of the record
     * @param enrichment what the enrich stage added (profile, window aggregates); {@link Enrichment#NONE} before it
     */
    public InputEvent(String key, GenericRecord value, byte[] raw, long timestamp, String topic, int partition,
                      long offset, Enrichment enrichment) {
        this.key = key;
        this.value = value;
        this.raw = raw;
        this.timestamp = timestamp;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.enrichment = Objects.requireNonNull(enrichment, "enrichment");
    }

    /** A freshly decoded event, not enriched yet. */
    public InputEvent(String key, GenericRecord value, byte[] raw, long timestamp, String topic, int partition,
                      long offset) {
        this(key, value, raw, timestamp, topic, partition, offset, Enrichment.NONE);
    }

    public String key() {
        return key;
    }

    public GenericRecord value() {
        return value;
    }

    public byte[] raw() {
        return raw;
    }

    public long timestamp() {
        return timestamp;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Enrichment enrichment() {
        return enrichment;
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
     * (see {@link EnrichedView}). The same view on every call; readers must not change it.
     */
    public GenericRecord features() {
        GenericRecord view = features;
        if (view == null) {
            view = EnrichedView.of(value, enrichment);
            features = view;
        }
        return view;
    }

    @Override
    public String toString() {
        return "InputEvent[key=" + key + ", topic=" + topic + ", partition=" + partition + ", offset=" + offset
                + ", timestamp=" + timestamp + ", enrichment=" + enrichment + "]";
    }
}

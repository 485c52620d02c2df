package io.driftline.topology.ingest;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * What the enrich stage adds to an event.
 *
 * @param profile    the entity's reference record (user's schema) joined to the event, or null when none
 * @param profileRaw the profile's Confluent-framed bytes, kept so that a parked event can be restored exactly
 * @param aggregates per-key window aggregates by name (e.g. {@code txn_count_10m}), as of this event
 */
public record Enrichment(GenericRecord profile, byte[] profileRaw, Map<String, Double> aggregates) {

    /** Nothing added. */
    public static final Enrichment NONE = new Enrichment(null, null, Map.of());

    public Enrichment {
        aggregates = Map.copyOf(aggregates);
    }

    /** The same with another profile. */
    public Enrichment withProfile(GenericRecord profile, byte[] profileRaw) {
        return new Enrichment(profile, profileRaw, aggregates);
    }

    /** The same with other aggregates. */
    public Enrichment withAggregates(Map<String, Double> aggregates) {
        return new Enrichment(profile, profileRaw, aggregates);
    }

    public boolean isEmpty() {
        return profile == null && aggregates.isEmpty();
    }
}

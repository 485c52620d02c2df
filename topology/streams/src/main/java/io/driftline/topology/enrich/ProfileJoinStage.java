package io.driftline.topology.enrich;

import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.EventDecodingException;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.RejectedRecordException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins each event with its entity's profile from the compacted profiles topic (Avro, the user's schema).
 *
 * <p>A {@link GlobalKTable}, not a co-partitioned KTable, on purpose: the join key may be a field of the event
 * rather than its record key (a merchant id on a card-keyed stream), and a global table joins on any key
 * without a repartition topic or co-partitioning the user's topics. Profiles are reference data (one record
 * per entity, updated rarely), so holding all of them on every instance is affordable. The cost: a global
 * table is updated as its topic is read, not in event time, so a profile update takes effect for events
 * processed after it, which is what the product promises.
 *
 * <p>The store keeps the profile's original bytes; they are decoded per join (the decoder caches readers by
 * schema id) and kept beside the event so that an event parked for a model is restored with the very profile
 * it was joined with. A profile that does not decode is treated as absent (the features' missing-value
 * policies apply), logged and counted: the event itself is fine.
 */
public final class ProfileJoinStage {

    /** Name of the global store of profiles (its changelog is the profiles topic itself). */
    public static final String STORE = "enrich-profiles";

    private static final Logger log = LoggerFactory.getLogger(ProfileJoinStage.class);

    private ProfileJoinStage() {
    }

    /** Adds each event's profile, with the default cache of lookups ({@link EnrichConfig#DEFAULT_PROFILE_CACHE_MAX_BYTES}). */
    public static KStream<String, InputEvent> join(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                   String profilesTopic, String keyField, EventDecoder decoder,
                                                   EnrichMetrics metrics) {
        return join(builder, events, profilesTopic, keyField, EnrichConfig.DEFAULT_PROFILE_CACHE_MAX_BYTES, decoder,
                metrics);
    }

    /**
     * Adds each event's profile.
     *
     * @param keyField      path of the join key in the event, or null/empty for the record key
     * @param cacheMaxBytes bytes of lookups kept in memory in front of the store ({@link CachedProfileStore});
     *                      0 reads the store for every event, and leaves its type to Kafka Streams' DSL settings
     */
    public static KStream<String, InputEvent> join(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                   String profilesTopic, String keyField, long cacheMaxBytes,
                                                   EventDecoder decoder, EnrichMetrics metrics) {
        // The cached store is the one Kafka Streams makes for a global table by default (RocksDB, timestamped),
        // behind the cache: same name, format and directory, so an upgrade keeps the store it finds.
        Materialized<String, byte[], KeyValueStore<Bytes, byte[]>> store = cacheMaxBytes == 0
                ? Materialized.as(STORE)
                : Materialized.as(CachedProfileStore.supplier(Stores.persistentTimestampedKeyValueStore(STORE),
                        cacheMaxBytes));
        GlobalKTable<String, byte[]> profiles = builder.globalTable(profilesTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("enrich-profiles-source"),
                store.withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        boolean byRecordKey = keyField == null || keyField.isBlank();
        EventField keyPath = byRecordKey ? null : EventField.of(keyField);
        return events.leftJoin(profiles,
                (key, event) -> byRecordKey ? key : keyOf(event, keyPath),
                (event, raw) -> {
                    if (raw == null) {
                        metrics.missing(event.topic());
                        return event;
                    }
                    try {
                        return withProfile(event, raw, profilesTopic, decoder, metrics);
                    } catch (Error e) {
                        // No Error may reach Kafka Streams: it would kill the thread, and its successor on the same record.
                        throw RejectedRecordException.ofError(e, "event " + event.positionId() + " joined with its profile");
                    }
                },
                Named.as("enrich-profile-join"));
    }

    private static String keyOf(InputEvent event, EventField keyField) {
        Object value = keyField.get(event.value());
        return value == null ? null : value.toString();
    }

    private static InputEvent withProfile(InputEvent event, byte[] raw, String topic, EventDecoder decoder,
                                          EnrichMetrics metrics) {
        GenericRecord profile;
        try {
            profile = decoder.decode(topic, raw);
        } catch (EventDecodingException e) {
            metrics.undecodable();
            log.warn("Profile for event {} does not decode ({}); treating it as absent: {}", event.positionId(),
                    e.code(), e.getMessage());
            return event;
        }
        metrics.joined();
        return event.withEnrichment(event.enrichment().withProfile(profile, raw));
    }
}

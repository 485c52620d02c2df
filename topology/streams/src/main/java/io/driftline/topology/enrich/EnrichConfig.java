package io.driftline.topology.enrich;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The profile join's configuration keys ({@value #PROFILE_KEY_FIELD}, {@value #PROFILE_CACHE_MAX_BYTES}); the
 * window aggregates have theirs in {@link io.driftline.topology.enrich.window.AggregatesConfig}.
 */
public final class EnrichConfig {

    public static final String PROFILE_KEY_FIELD = "enrich.profile.key.field";
    public static final String PROFILE_CACHE_MAX_BYTES = "enrich.profile.cache.max.bytes";
    /** Default of {@value #PROFILE_CACHE_MAX_BYTES}: 64 MiB, some 250,000 profiles of a few hundred bytes. */
    public static final long DEFAULT_PROFILE_CACHE_MAX_BYTES = 64L << 20;

    private EnrichConfig() {
    }

    /** A fresh definition of the profile join's key. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(PROFILE_KEY_FIELD, Type.STRING, "", Importance.MEDIUM,
                    "Path of the field in the event that keys its profile in the entity-profiles topic; empty joins on the record key.")
            .define(PROFILE_CACHE_MAX_BYTES, Type.LONG, DEFAULT_PROFILE_CACHE_MAX_BYTES, atLeast(0), Importance.LOW,
                    "Bytes of profile lookups (the profile's stored bytes, or that there is none) the instance keeps in "
                            + "memory in front of its profiles store, the least used dropped first, so that most "
                            + "events' joins skip the RocksDB read; an update of a profile drops its entry at once. 0: "
                            + "every event reads the store (of the type Kafka Streams' DSL store settings choose).");
    }

    /** Bytes of profile lookups kept in memory; 0 means none. */
    public static long profileCacheMaxBytes(AbstractConfig config) {
        return config.getLong(PROFILE_CACHE_MAX_BYTES);
    }

    /** Path of the profile join key in the event; empty means the record key. */
    public static String profileKeyField(AbstractConfig config) {
        return config.getString(PROFILE_KEY_FIELD);
    }
}

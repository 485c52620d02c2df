package io.driftline.topology.enrich;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The profile join's configuration key ({@value #PROFILE_KEY_FIELD}); the window aggregates have theirs in
 * {@link io.driftline.topology.enrich.window.AggregatesConfig}.
 */
public final class EnrichConfig {

    public static final String PROFILE_KEY_FIELD = "enrich.profile.key.field";

    private EnrichConfig() {
    }

    /** A fresh definition of the profile join's key. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(PROFILE_KEY_FIELD, Type.STRING, "", Importance.MEDIUM,
                    "Path of the field in the event that keys its profile in the entity-profiles topic; empty joins on the record key.");
    }

    /** Path of the profile join key in the event; empty means the record key. */
    public static String profileKeyField(AbstractConfig config) {
        return config.getString(PROFILE_KEY_FIELD);
    }
}

package io.driftline.topology.alert;

import static org.apache.kafka.common.config.ConfigDef.Range.between;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The drift alerts' configuration keys ({@code alerts.*}): the hysteresis of {@link AlertPolicy}. */
public final class AlertConfig {

    public static final String ALERTS_OPEN_AFTER = "alerts.open.after.windows";
    public static final String ALERTS_RESOLVE_AFTER = "alerts.resolve.after.windows";

    private AlertConfig() {
    }

    /** A fresh definition of the alert keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(ALERTS_OPEN_AFTER, Type.INT, 2, between(1, 1_000), Importance.MEDIUM,
                    "A drift alert opens after this many consecutive drifted windows of a feature (or the score).")
            .define(ALERTS_RESOLVE_AFTER, Type.INT, 2, between(1, 1_000), Importance.MEDIUM,
                    "An open drift alert resolves after this many consecutive clean windows.");
    }

    /** The policy a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static AlertPolicy from(AbstractConfig config) {
        return new AlertPolicy(config.getInt(ALERTS_OPEN_AFTER), config.getInt(ALERTS_RESOLVE_AFTER));
    }
}

package io.driftline.topology.retrain;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The retrain requests' configuration keys ({@code retrain.*}): when {@link RetrainPolicy} asks for a retrain. */
public final class RetrainConfig {

    public static final String RETRAIN_AFTER = "retrain.after.windows";
    public static final String RETRAIN_COOLDOWN_MS = "retrain.cooldown.ms";

    private RetrainConfig() {
    }

    /** A fresh definition of the retrain keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(RETRAIN_AFTER, Type.INT, 3, between(1, 10_000), Importance.MEDIUM,
                    "A retrain request goes out after this many consecutive windows with data drift.")
            .define(RETRAIN_COOLDOWN_MS, Type.LONG, 21_600_000L, atLeast(0), Importance.MEDIUM,
                    "At most one retrain request per model per this much event time (6 h by default).");
    }

    /** The policy a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static RetrainPolicy from(AbstractConfig config) {
        return new RetrainPolicy(config.getInt(RETRAIN_AFTER), Duration.ofMillis(config.getLong(RETRAIN_COOLDOWN_MS)));
    }
}

package io.driftline.topology.label;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The label join's configuration keys ({@code labels.*}). The concept drift detector that runs on the joined labels
 * has its keys in {@code concept.ConceptConfig}; {@link #from} leaves the detector at its defaults.
 */
public final class LabelConfig {

    public static final String LABELS_ENABLED = "labels.enabled";
    public static final String LABELS_MAX_DELAY_MS = "labels.max.delay.ms";
    public static final String LABELS_GRACE_MS = "labels.grace.ms";

    private LabelConfig() {
    }

    /** A fresh definition of the label join's keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(LABELS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Join the labels topic (delayed ground truth keyed by event id) with the predictions: window "
                            + "performance (accuracy, log-loss, AUC, or MAE, RMSE) in the drift reports, PERFORMANCE and "
                            + "CONCEPT_DRIFT alerts. Off by default: the join repartitions every prediction by event id.")
            .define(LABELS_MAX_DELAY_MS, Type.LONG, 3_600_000L, atLeast(1), Importance.MEDIUM,
                    "How long after its prediction a label may arrive and still join; the join keeps predictions about "
                            + "twice this long.")
            .define(LABELS_GRACE_MS, Type.LONG, 60_000L, atLeast(0), Importance.LOW,
                    "How late, behind the label join's stream time, a prediction or label may arrive.");
    }

    /**
     * The label settings a parsed configuration holds, with the detector of {@link LabelSettings#disabled()}.
     *
     * @throws ConfigException when the settings are inconsistent
     */
    public static LabelSettings from(AbstractConfig config) {
        try {
            return LabelSettings.disabled().withEnabled(config.getBoolean(LABELS_ENABLED))
                    .withDelay(Duration.ofMillis(config.getLong(LABELS_MAX_DELAY_MS)),
                            Duration.ofMillis(config.getLong(LABELS_GRACE_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid label settings: " + e.getMessage());
        }
    }
}

package io.driftline.topology.concept;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.label.LabelSettings;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The concept drift detector's configuration keys ({@code concept.*}): Page-Hinkley settings and the quiet period. */
public final class ConceptConfig {

    public static final String CONCEPT_DELTA = "concept.page.hinkley.delta";
    public static final String CONCEPT_LAMBDA = "concept.page.hinkley.lambda";
    public static final String CONCEPT_MIN_INSTANCES = "concept.page.hinkley.min.instances";
    public static final String CONCEPT_ALPHA = "concept.page.hinkley.alpha";
    public static final String CONCEPT_QUIET_MS = "concept.resolve.quiet.ms";

    private ConceptConfig() {
    }

    /** A fresh definition of the detector's keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(CONCEPT_DELTA, Type.DOUBLE, 0.005, between(0, 1), Importance.LOW,
                    "Page-Hinkley tolerance: increase of the mean per-event error ignored per event.")
            .define(CONCEPT_LAMBDA, Type.DOUBLE, 50.0, between(1e-9, 1e9), Importance.LOW,
                    "Page-Hinkley threshold on the cumulative excess error; larger signals later and more rarely.")
            .define(CONCEPT_MIN_INSTANCES, Type.LONG, 30L, atLeast(1), Importance.LOW,
                    "Labelled predictions a detector needs before it may signal.")
            .define(CONCEPT_ALPHA, Type.DOUBLE, 0.9999, between(1e-9, 1), Importance.LOW,
                    "Fading factor of the Page-Hinkley cumulative sum (1: no fading).")
            .define(CONCEPT_QUIET_MS, Type.LONG, 600_000L, atLeast(1), Importance.LOW,
                    "A CONCEPT_DRIFT alert resolves once no detector has signalled for this long.");
    }

    /**
     * The label settings with the detector and quiet period a parsed configuration holds (the label join's own
     * keys are read by {@code LabelConfig}; the detector runs on what it joins).
     *
     * @throws ConfigException when the detector's settings are inconsistent
     */
    public static LabelSettings applyTo(LabelSettings labels, AbstractConfig config) {
        try {
            return labels.withDetector(new PageHinkley.Settings(config.getDouble(CONCEPT_DELTA),
                    config.getDouble(CONCEPT_LAMBDA), config.getLong(CONCEPT_MIN_INSTANCES),
                    config.getDouble(CONCEPT_ALPHA)), Duration.ofMillis(config.getLong(CONCEPT_QUIET_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid label settings: " + e.getMessage());
        }
    }
}

package io.driftline.topology.enrich.window;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The window aggregates' configuration keys ({@code enrich.aggregates*}) and their typed settings. */
public final class AggregatesConfig {

    public static final String AGGREGATES = "enrich.aggregates";
    public static final String AGGREGATE_GRACE_MS = "enrich.aggregates.grace.ms";
    public static final String CACHED_KEYS = "enrich.aggregates.cache.max.keys";
    /** Keys whose windows a task holds in memory by default: the demo's cards, with room to spare. */
    public static final int DEFAULT_CACHED_KEYS = 200_000;

    /**
     * The window aggregate stage's settings.
     *
     * @param specs the aggregates to compute (none: the stage is left out)
     * @param grace how late (behind stream time) an event may be and still count in and get aggregates
     * @param cachedKeys keys whose windows a task holds in memory (0: every event reads the store)
     */
    public record Settings(List<AggregateSpec> specs, Duration grace, int cachedKeys) {

        public Settings {
            specs = List.copyOf(specs);
        }
    }

    private AggregatesConfig() {
    }

    /** A fresh definition of the aggregates' keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(AGGREGATES, Type.STRING, "", new SpecListValidator(), Importance.MEDIUM,
                    "Per-key window aggregates, comma-separated name=function(field)@window "
                    + "(count, sum, mean, min, max, distinct; windows like 500ms, 30s, 10m, 24h, 7d; "
                    + "e.g. txn_count_10m=count(amount)@10m); features read agg.<name>.")
            .define(AGGREGATE_GRACE_MS, Type.LONG, 60_000L, atLeast(0), Importance.LOW,
                    "How far behind stream time an event may arrive and still count in window aggregates; later ones "
                            + "are dead-lettered as LATE_EVENT.")
            .define(CACHED_KEYS, Type.INT, DEFAULT_CACHED_KEYS, atLeast(0), Importance.LOW,
                    "Keys whose windows each task holds in memory, read from the store once and written back at each "
                            + "commit, instead of a store read and write per event; the least recently used are "
                            + "dropped past this (a few hundred bytes each). 0: every event reads and writes the store.");
    }

    /** The settings a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static Settings from(AbstractConfig config) {
        return new Settings(AggregateSpec.parseList(config.getString(AGGREGATES)),
                Duration.ofMillis(config.getLong(AGGREGATE_GRACE_MS)), config.getInt(CACHED_KEYS));
    }

    /** Parses the list at start-up, so that a bad spec fails there, naming the key; named for generated docs. */
    private static final class SpecListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                AggregateSpec.parseList((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "name=function(field)@window, comma-separated";
        }
    }
}

package io.driftline.topology.ingest;

import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The ingest stage's configuration keys ({@code ingest.*}): how long decoding waits for an unreachable registry, and
 * how far ahead of the clock a record's time may be. The service merges {@link #configDef()} into its definition and
 * reads the typed settings back with {@link #from(AbstractConfig)}.
 */
public final class IngestConfig {

    public static final String REGISTRY_MAX_PAUSE_MS = "ingest.registry.unavailable.max.pause.ms";
    public static final String MAX_FUTURE_SKEW_MS = "ingest.max.future.skew.ms";
    public static final String TOPICS_PATTERN = "ingest.topics.pattern";

    /** Default of {@value #TOPICS_PATTERN}: topics named like the events topic, e.g. merchant-events. */
    public static final String DEFAULT_TOPICS_PATTERN = ".+-events";

    /** Default of {@value #MAX_FUTURE_SKEW_MS}: producers' clocks may run a little ahead, not minutes. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    /**
     * The ingest stage's typed settings.
     *
     * @param registryMaxPause how long decoding pauses, retrying, while the registry is unreachable
     * @param maxFutureSkew    how far ahead of the clock an event's or label's time may be (see {@link TimestampGuard})
     * @param topicsPattern    which topics besides the events topic are read (a regular expression on the name
     *                         behind the topic prefix; see {@link IngestStage#subscription})
     */
    public record Settings(Duration registryMaxPause, Duration maxFutureSkew, String topicsPattern) {
    }

    private IngestConfig() {
    }

    /** A fresh definition of the ingest keys (a {@link ConfigDef} is mutable, so each caller gets its own). */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(REGISTRY_MAX_PAUSE_MS, Type.LONG, 60_000L, between(0, 240_000), Importance.LOW,
                    "How long decoding pauses, retrying with back-off, while the schema registry is unreachable before an "
                            + "event is dead-lettered as REGISTRY_UNAVAILABLE; kept under max.poll.interval.ms (300 s).")
            // At most the broker's default log.message.timestamp.after.max.ms (1 h): a time further ahead would be
            // refused on the internal topics, and stopping that is what this key is for.
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, DEFAULT_MAX_FUTURE_SKEW.toMillis(),
                    between(0, 3_600_000), Importance.MEDIUM,
                    "How far ahead of this instance's clock an event's Kafka timestamp or a label's time may be; events "
                            + "and labels further ahead, or with a negative time, are dead-lettered as "
                            + "TIMESTAMP_OUT_OF_RANGE (not clamped) before they move stream time or reach an internal topic. "
                            + "At most 1 h, the broker's default log.message.timestamp.after.max.ms.")
            .define(TOPICS_PATTERN, Type.STRING, DEFAULT_TOPICS_PATTERN, PATTERN, Importance.MEDIUM,
                    "Which input topics the service reads besides the events topic: a Java regular expression matched "
                            + "against the whole topic name behind topics.prefix. Models name their input topics in "
                            + "their manifest (inputTopics); a model whose topics this pattern does not match is "
                            + "rejected. Topics created later that match are picked up without a restart (Kafka "
                            + "Streams' pattern subscription, within about 30 s); changing the pattern needs one.");
    }

    /** The settings a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static Settings from(AbstractConfig config) {
        return new Settings(Duration.ofMillis(config.getLong(REGISTRY_MAX_PAUSE_MS)),
                Duration.ofMillis(config.getLong(MAX_FUTURE_SKEW_MS)), config.getString(TOPICS_PATTERN));
    }

    /** Accepts a Java regular expression (named, so that the configuration reference shows what is valid). */
    private static final ConfigDef.Validator PATTERN = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                java.util.regex.Pattern.compile(String.valueOf(value));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "not a regular expression: "
                        + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return "a Java regular expression";
        }
    };
}

package io.driftline.topology;

import io.driftline.DriftReport;
import io.driftline.Prediction;
import io.driftline.topology.alert.AlertPolicy;
import io.driftline.topology.alert.AlertSink;
import io.driftline.topology.alert.AlertStage;
import io.driftline.topology.alert.ModelRejectionStage;
import io.driftline.topology.audit.AuditStage;
import io.driftline.topology.concept.ConceptStage;
import io.driftline.topology.enrich.EnrichMetrics;
import io.driftline.topology.enrich.ProfileJoinStage;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.enrich.window.AggregatesConfig;
import io.driftline.topology.enrich.window.WindowAggregateStage;
import io.driftline.topology.ingest.DeadLetterMetrics;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.IngestConfig;
import io.driftline.topology.ingest.IngestMetrics;
import io.driftline.topology.ingest.IngestStage;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.TimestampGuard;
import io.driftline.topology.label.LabelMetrics;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.label.LabelStage;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.retrain.RetrainPolicy;
import io.driftline.topology.retrain.RetrainStage;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoreBatching;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.score.ScoreStage;
import io.driftline.topology.score.ScoredEvent;
import io.driftline.topology.stats.StatsMetrics;
import io.driftline.topology.stats.StatsSettings;
import io.driftline.topology.stats.StatsStage;
import io.driftline.topology.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole pipeline in data-flow order: ingest (the events topic and the topics models name) → enrich (profile
 * join, window aggregates of the events topic) → score (each event by the models routed to it) → predictions (to
 * each model's output topic); when labels are
 * on, predictions joined with labels → concept drift alerts, and labelled predictions → window performance; from
 * the scored events window stats → drift reports → alerts and retrain requests; the registry's verdicts on
 * model-updates → MODEL_REJECTED alerts; every alert through one {@link AlertSink}; dead letters from every stage. Building is apart from running, so
 * the same topology runs under TopologyTestDriver.
 */
public final class DriftlineTopology {

    /** Stores that keep nothing on disk (a task directory never holds them): the score stage's commit hook. */
    public static final Set<String> MEMORY_ONLY_STORES = Set.of(ScoreStage.BATCH_HOOK_STORE,
            WindowAggregateStage.COMMIT_HOOK);

    /** What the stages need from the running instance. */
    public record Context(Topics topics, ModelRegistry registry, EventDecoder decoder, Metrics metrics,
                          Settings settings) {

        /**
         * The one way the service, the topology tests and the benchmark wire the stages: the topic catalogue and
         * the event decoder from the topic names and the registry, beside the instance's model registry, counters
         * and settings.
         *
         * @param serdeConfig the serdes' settings ({@code schema.registry.url} and any {@code serde.*})
         * @param registryMaxPause how long decoding may wait for an unreachable registry before the event is parked
         */
        public static Context create(io.driftline.topology.topics.TopicNames names,
                                     io.driftline.schemas.registry.SchemaRegistryClient registryClient,
                                     java.util.Map<String, ?> serdeConfig, Duration registryMaxPause,
                                     ModelRegistry models, Metrics metrics, Settings settings) {
            Topics topics = Topics.create(names, registryClient, serdeConfig);
            EventDecoder decoder = new EventDecoder(io.driftline.schemas.serde.AvroSerdes.generic(registryClient,
                    serdeConfig, false).deserializer(), registryMaxPause);
            return new Context(topics, models, decoder, metrics, settings);
        }

        /** The same with other settings (the service adds what only the running instance knows). */
        public Context withSettings(Settings newSettings) {
            return new Context(topics, registry, decoder, metrics, newSettings);
        }
    }

    /** Counters the stages update and the console, API and metrics endpoint read. */
    public record Metrics(IngestMetrics ingest, EnrichMetrics enrich, ScoreMetrics score, DeadLetterMetrics deadLetters,
                          LabelMetrics labels, StatsMetrics stats) {

        /** Fresh counters, timers in a registry of their own. */
        public static Metrics create() {
            return create(new SimpleMeterRegistry());
        }

        /** Fresh counters, timers registered in {@code registry}. */
        public static Metrics create(MeterRegistry registry) {
            return new Metrics(new IngestMetrics(), new EnrichMetrics(), new ScoreMetrics(registry),
                    new DeadLetterMetrics(), new LabelMetrics(), new StatsMetrics());
        }
    }

    /**
     * Settings of the stages: start from {@link #defaults()} and change what differs with the {@code with...}
     * methods, or with a {@link #toBuilder() builder} for several at once, so that a new stage's settings add a
     * method rather than a positional parameter to every call site. The service builds them from the stages'
     * configuration fragments ({@code XxxConfig.from}).
     */
    public static final class Settings {

        /** Default of {@link #maxFutureSkew()}: producers' clocks may run a little ahead, not minutes. */
        public static final Duration DEFAULT_MAX_FUTURE_SKEW = IngestConfig.DEFAULT_MAX_FUTURE_SKEW;

        private final Clock clock;
        private final Duration parkedDrainInterval;
        private final ScoreBatching batching;
        private final String profileKeyField;
        private final long profileCacheMaxBytes;
        private final List<AggregateSpec> aggregates;
        private final Duration aggregateGrace;
        private final int aggregateCachedKeys;
        private final StatsSettings drift;
        private final AlertPolicy alerts;
        private final RetrainPolicy retrain;
        private final io.driftline.topology.promote.PromotionPolicy promotion;
        private final LabelSettings labels;
        private final Duration maxFutureSkew;
        private final String topicsPattern;

        private Settings(Builder b) {
            this.clock = Objects.requireNonNull(b.clock, "clock");
            this.parkedDrainInterval = Objects.requireNonNull(b.parkedDrainInterval, "parkedDrainInterval");
            this.batching = Objects.requireNonNull(b.batching, "batching");
            this.profileKeyField = b.profileKeyField;
            if (b.profileCacheMaxBytes < 0) {
                throw new IllegalArgumentException("profile cache size must be >= 0: " + b.profileCacheMaxBytes);
            }
            this.profileCacheMaxBytes = b.profileCacheMaxBytes;
            this.aggregates = List.copyOf(b.aggregates);
            this.aggregateGrace = Objects.requireNonNull(b.aggregateGrace, "aggregateGrace");
            if (b.aggregateCachedKeys < 0) {
                throw new IllegalArgumentException("aggregate keys held in memory must be >= 0: "
                        + b.aggregateCachedKeys);
            }
            this.aggregateCachedKeys = b.aggregateCachedKeys;
            this.drift = Objects.requireNonNull(b.drift, "drift");
            this.alerts = Objects.requireNonNull(b.alerts, "alerts");
            this.retrain = Objects.requireNonNull(b.retrain, "retrain");
            this.promotion = Objects.requireNonNull(b.promotion, "promotion");
            this.labels = Objects.requireNonNull(b.labels, "labels");
            if (b.maxFutureSkew == null || b.maxFutureSkew.isNegative()) {
                throw new IllegalArgumentException("max future skew must be >= 0: " + b.maxFutureSkew);
            }
            this.maxFutureSkew = b.maxFutureSkew;
            this.topicsPattern = Objects.requireNonNull(b.topicsPattern, "topicsPattern");
            java.util.regex.Pattern.compile(topicsPattern); // fails here, naming the pattern, rather than at build
        }

        /**
         * System clock, parked events drained every second, profiles joined on the record key, no aggregates (one
         * minute of grace when some are added), the drift stage's, alerts' and retrain requests' defaults, labels
         * off, and {@link #DEFAULT_MAX_FUTURE_SKEW}.
         */
        public static Settings defaults() {
            return new Builder().build();
        }

        /** A builder holding these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** The clock the stages judge record times and alert times by. */
        public Clock clock() {
            return clock;
        }

        /** How often events parked while no model serves are retried. */
        public Duration parkedDrainInterval() {
            return parkedDrainInterval;
        }

        /** How live events are gathered into batches for scoring. */
        public ScoreBatching batching() {
            return batching;
        }

        /** Path of the profile join key in the event; null or empty joins on the record key. */
        public String profileKeyField() {
            return profileKeyField;
        }

        /** Bytes of profile lookups the profile join keeps in memory in front of its store (0: none). */
        public long profileCacheMaxBytes() {
            return profileCacheMaxBytes;
        }

        /** Per-key window aggregates to compute (none: the stage is left out). */
        public List<AggregateSpec> aggregates() {
            return aggregates;
        }

        /** How late (behind stream time) an event may be and still count in and get aggregates. */
        public Duration aggregateGrace() {
            return aggregateGrace;
        }

        /** Keys whose windows the aggregate stage holds in memory per task (0: every event reads the store). */
        public int aggregateCachedKeys() {
            return aggregateCachedKeys;
        }

        /** Window statistics and drift reports (disabled: the stage is left out). */
        public StatsSettings drift() {
            return drift;
        }

        /** When drift alerts open and resolve. */
        public AlertPolicy alerts() {
            return alerts;
        }

        /** When sustained drift asks for a retrain. */
        public RetrainPolicy retrain() {
            return retrain;
        }

        /** When a challenger is promoted without a person (manual by default). */
        public io.driftline.topology.promote.PromotionPolicy promotion() {
            return promotion;
        }

        /** The same with another promotion policy. */
        public Settings withPromotion(io.driftline.topology.promote.PromotionPolicy newPromotion) {
            return toBuilder().promotion(newPromotion).build();
        }

        /** The label join, performance and concept drift (disabled: left out). */
        public LabelSettings labels() {
            return labels;
        }

        /**
         * How far ahead of the clock an event's or label's time may be; later ones (and negative ones) are
         * dead-lettered as TIMESTAMP_OUT_OF_RANGE (see {@link TimestampGuard}).
         */
        public Duration maxFutureSkew() {
            return maxFutureSkew;
        }

        /**
         * Which topics besides the events topic are read: a regular expression on the name behind the topic prefix
         * ({@link IngestConfig#DEFAULT_TOPICS_PATTERN} by default; see {@link IngestStage#subscription}).
         */
        public String topicsPattern() {
            return topicsPattern;
        }

        /** The same with another pattern of input topics. */
        public Settings withTopicsPattern(String pattern) {
            return toBuilder().topicsPattern(pattern).build();
        }

        /** The same with another clock. */
        public Settings withClock(Clock newClock) {
            return toBuilder().clock(newClock).build();
        }

        /** The same with another drain interval of parked events. */
        public Settings withParkedDrainInterval(Duration interval) {
            return toBuilder().parkedDrainInterval(interval).build();
        }

        /** The same with other batching of live events. */
        public Settings withBatching(ScoreBatching newBatching) {
            return toBuilder().batching(newBatching).build();
        }

        /** The same with another profile join key field (null or empty: the record key). */
        public Settings withProfileKeyField(String field) {
            return toBuilder().profileKeyField(field).build();
        }

        /** The same with other aggregates. */
        public Settings withAggregates(List<AggregateSpec> newAggregates, Duration grace) {
            return toBuilder().aggregates(newAggregates).aggregateGrace(grace).build();
        }

        /** The same with other drift settings. */
        public Settings withDrift(StatsSettings newDrift) {
            return toBuilder().drift(newDrift).build();
        }

        /** The same with another alert policy. */
        public Settings withAlerts(AlertPolicy newAlerts) {
            return toBuilder().alerts(newAlerts).build();
        }

        /** The same with another retrain policy. */
        public Settings withRetrain(RetrainPolicy newRetrain) {
            return toBuilder().retrain(newRetrain).build();
        }

        /** The same with other label settings. */
        public Settings withLabels(LabelSettings newLabels) {
            return toBuilder().labels(newLabels).build();
        }

        /** The same with another future skew. */
        public Settings withMaxFutureSkew(Duration skew) {
            return toBuilder().maxFutureSkew(skew).build();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && clock.equals(s.clock) && parkedDrainInterval.equals(s.parkedDrainInterval)
                    && batching.equals(s.batching)
                    && Objects.equals(profileKeyField, s.profileKeyField)
                    && profileCacheMaxBytes == s.profileCacheMaxBytes && aggregates.equals(s.aggregates)
                    && aggregateGrace.equals(s.aggregateGrace) && aggregateCachedKeys == s.aggregateCachedKeys
                    && drift.equals(s.drift) && alerts.equals(s.alerts)
                    && retrain.equals(s.retrain) && promotion.equals(s.promotion) && labels.equals(s.labels)
                    && maxFutureSkew.equals(s.maxFutureSkew)
                    && topicsPattern.equals(s.topicsPattern);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clock, parkedDrainInterval, batching, profileKeyField, profileCacheMaxBytes, aggregates, aggregateGrace, aggregateCachedKeys,
                    drift, alerts,
                    retrain, promotion, labels, maxFutureSkew, topicsPattern);
        }

        @Override
        public String toString() {
            return "Settings[clock=" + clock + ", parkedDrainInterval=" + parkedDrainInterval + ", batching=" + batching
                    + ", profileKeyField="
                    + profileKeyField + ", profileCacheMaxBytes=" + profileCacheMaxBytes + ", aggregates=" + aggregates + ", aggregateGrace=" + aggregateGrace
                    + ", aggregateCachedKeys=" + aggregateCachedKeys
                    + ", drift=" + drift + ", alerts=" + alerts + ", retrain=" + retrain + ", promotion=" + promotion + ", labels=" + labels
                    + ", maxFutureSkew=" + maxFutureSkew + ", topicsPattern=" + topicsPattern + "]";
        }

        /** Builds {@link Settings}; starts from {@link Settings#defaults()}' values, checks them in {@link #build()}. */
        public static final class Builder {
            private Clock clock = Clock.systemUTC();
            private Duration parkedDrainInterval = Duration.ofSeconds(1);
            private ScoreBatching batching = ScoreBatching.DEFAULT;
            private String profileKeyField;
            private long profileCacheMaxBytes = io.driftline.topology.enrich.EnrichConfig.DEFAULT_PROFILE_CACHE_MAX_BYTES;
            private List<AggregateSpec> aggregates = List.of();
            private Duration aggregateGrace = Duration.ofMinutes(1);
            private int aggregateCachedKeys = AggregatesConfig.DEFAULT_CACHED_KEYS;
            private StatsSettings drift = StatsSettings.defaults();
            private AlertPolicy alerts = AlertPolicy.defaults();
            private RetrainPolicy retrain = RetrainPolicy.defaults();
            private io.driftline.topology.promote.PromotionPolicy promotion =
                    io.driftline.topology.promote.PromotionPolicy.manual();
            private LabelSettings labels = LabelSettings.disabled();
            private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
            private String topicsPattern = IngestConfig.DEFAULT_TOPICS_PATTERN;

            /** A builder holding the defaults. */
            public Builder() {
            }

            private Builder(Settings s) {
                clock = s.clock;
                parkedDrainInterval = s.parkedDrainInterval;
                batching = s.batching;
                profileKeyField = s.profileKeyField;
                profileCacheMaxBytes = s.profileCacheMaxBytes;
                aggregates = s.aggregates;
                aggregateGrace = s.aggregateGrace;
                aggregateCachedKeys = s.aggregateCachedKeys;
                drift = s.drift;
                alerts = s.alerts;
                retrain = s.retrain;
                promotion = s.promotion;
                labels = s.labels;
                maxFutureSkew = s.maxFutureSkew;
                topicsPattern = s.topicsPattern;
            }

            public Builder clock(Clock value) {
                clock = value;
                return this;
            }

            public Builder parkedDrainInterval(Duration value) {
                parkedDrainInterval = value;
                return this;
            }

            public Builder batching(ScoreBatching value) {
                batching = value;
                return this;
            }

            public Builder profileKeyField(String value) {
                profileKeyField = value;
                return this;
            }

            public Builder profileCacheMaxBytes(long value) {
                profileCacheMaxBytes = value;
                return this;
            }

            public Builder aggregates(List<AggregateSpec> value) {
                aggregates = value;
                return this;
            }

            public Builder aggregateGrace(Duration value) {
                aggregateGrace = value;
                return this;
            }

            public Builder aggregateCachedKeys(int value) {
                aggregateCachedKeys = value;
                return this;
            }

            public Builder drift(StatsSettings value) {
                drift = value;
                return this;
            }

            public Builder alerts(AlertPolicy value) {
                alerts = value;
                return this;
            }

            public Builder promotion(io.driftline.topology.promote.PromotionPolicy value) {
                promotion = value;
                return this;
            }

            public Builder retrain(RetrainPolicy value) {
                retrain = value;
                return this;
            }

            public Builder labels(LabelSettings value) {
                labels = value;
                return this;
            }

            public Builder maxFutureSkew(Duration value) {
                maxFutureSkew = value;
                return this;
            }

            public Builder topicsPattern(String value) {
                topicsPattern = value;
                return this;
            }

            /**
             * The settings.
             *
             * @throws NullPointerException     when a component (other than the profile key field) is null
             * @throws IllegalArgumentException when the future skew is negative
             */
            public Settings build() {
                return new Settings(this);
            }
        }
    }

    private DriftlineTopology() {
    }

    /**
     * The Kafka Streams settings this topology relies on, whoever runs it (the service, a topology test, the
     * benchmark): records that fail to process go to the dead-letter topic with their reason (also from the global
     * profiles store, so that a bad profile cannot stop the global thread), and records that cannot be deserialised
     * are logged and skipped.
     */
    public static Properties streamsConfig(String applicationId, io.driftline.topology.topics.TopicNames names) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, names.eventsDlqTopic());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.driftline.topology.ingest.DeadLetterHandler.class.getName());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The input topics are a pattern subscription (IngestStage.subscription): a topic created for a model's
        // route is found at the main consumer's next metadata refresh, every 30 s rather than the default 5 min.
        props.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                30_000);
        return props;
    }

    /** Builds the topology with Kafka Streams' defaults for topology settings. */
    public static Topology build(Context ctx) {
        return build(ctx, new Properties());
    }

    /** Builds the topology with the instance's Streams properties (topology settings such as optimizations). */
    public static Topology build(Context ctx, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(withRequired(streamsProperties))));
        Topics topics = ctx.topics();
        AlertSink alerts = new AlertSink(topics.alerts());
        TimestampGuard timestamps = new TimestampGuard(ctx.settings().clock(), ctx.settings().maxFutureSkew());
        KStream<String, InputEvent> events = IngestStage.events(builder,
                IngestStage.subscription(topics.names(), ctx.settings().topicsPattern()), ctx.decoder(),
                ctx.metrics().ingest(), timestamps);
        KStream<String, InputEvent> enriched = ProfileJoinStage.join(builder, events, topics.entityProfiles().name(),
                ctx.settings().profileKeyField(), ctx.settings().profileCacheMaxBytes(), ctx.decoder(),
                ctx.metrics().enrich());
        if (!ctx.settings().aggregates().isEmpty()) {
            enriched = WindowAggregateStage.aggregate(builder, enriched, ctx.settings().aggregates(),
                    ctx.settings().aggregateGrace(), topics.events().name(), ctx.settings().aggregateCachedKeys());
        }
        KStream<String, ScoredEvent> scored = ScoreStage.score(builder, enriched, ctx.registry(), ctx.decoder(),
                topics.names(), ctx.metrics().score(), ctx.settings().clock(), ctx.settings().parkedDrainInterval(), ctx.settings().batching(),
                topics.eventsDlq().name(), ctx.metrics().deadLetters());
        ScoreStage.publish(scored, topics.predictions());
        KStream<String, LabelledPrediction> labelled = null;
        LabelSettings labels = ctx.settings().labels();
        if (labels.enabled()) {
            // Only here: a node with no reader would still cost every scored event a visit.
            KStream<String, Prediction> predictions = ScoreStage.predictions(scored);
            labelled = LabelStage.join(builder, predictions, topics.labels().name(), ctx.decoder(), labels,
                    ctx.metrics().labels(), timestamps);
            alerts.write(ConceptStage.alerts(builder, labelled, ctx.registry(), labels, ctx.metrics().labels()),
                    AlertSink.Writer.CONCEPT);
        }
        if (ctx.settings().drift().enabled()) {
            KStream<String, DriftReport> reports = StatsStage.reports(builder, scored,
                    labelled == null ? null : LabelStage.toStatistics(labelled), ctx.registry(), ctx.settings().drift(),
                    ctx.metrics().stats());
            reports.to(topics.driftReports().name(), Produced.with(topics.driftReports().keySerde(),
                    topics.driftReports().valueSerde()).withName("drift-reports-sink"));
            alerts.write(AlertStage.alerts(builder, reports, ctx.settings().alerts(), ctx.settings().clock()),
                    AlertSink.Writer.DRIFT);
            io.driftline.topology.promote.PromotionStage.promotions(builder, reports, ctx.settings().promotion(),
                    topics.modelBundles(), new io.driftline.topology.topics.Topic<>(topics.modelUpdates().name(),
                            org.apache.kafka.common.serialization.Serdes.String(),
                            org.apache.kafka.common.serialization.Serdes.ByteArray()));
            RetrainStage.requests(builder, reports, ctx.settings().retrain())
                    .to(topics.retrainRequests().name(), Produced.with(topics.retrainRequests().keySerde(),
                            topics.retrainRequests().valueSerde()).withName("retrain-requests-sink"));
        }
        // Last, so that its sub-topology comes after every other (see ModelRejectionStage.SOURCE); the audit trail
        // shares its source (one source per topic).
        KStream<String, byte[]> modelUpdates = ModelRejectionStage.source(builder, topics.modelUpdates().name());
        alerts.write(ModelRejectionStage.alerts(builder, modelUpdates, ctx.registry().verdicts(),
                ctx.settings().parkedDrainInterval()), AlertSink.Writer.MODEL_REJECTED);
        AuditStage.trail(builder, modelUpdates, ctx.registry().verdicts(), ctx.settings().parkedDrainInterval(),
                topics.modelAudit(), topics.modelBundles());
        return builder.build();
    }

    /** StreamsConfig insists on an application id and bootstrap servers even for building a topology. */
    private static Properties withRequired(Properties props) {
        Properties out = new Properties();
        out.put(StreamsConfig.APPLICATION_ID_CONFIG, "driftline");
        out.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        out.putAll(props);
        return out;
    }
}

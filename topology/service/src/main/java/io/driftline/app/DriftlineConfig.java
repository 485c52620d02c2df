package io.driftline.app;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.TrustedKeys;
import io.driftline.models.drift.DriftMetrics;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.alert.AlertConfig;
import io.driftline.topology.concept.ConceptConfig;
import io.driftline.topology.enrich.EnrichConfig;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.enrich.window.AggregatesConfig;
import io.driftline.topology.ingest.IngestConfig;
import io.driftline.topology.label.LabelConfig;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.retrain.RetrainConfig;
import io.driftline.topology.score.ScoreConfig;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.topology.stats.PerformanceConfig;
import io.driftline.topology.stats.StatsConfig;
import io.driftline.topology.stats.StatsSettings;
import io.driftline.topology.topics.TopicNames;
import io.driftline.topology.topics.TopicsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Driftline's configuration, validated once at start-up. Each stage owns its keys and typed settings (a
 * {@code XxxConfig} fragment in its package of the topology); this class merges those fragments with the service's
 * own keys into {@link #DEFINITION} and builds the topology's settings from the stages'. Keys not defined here are
 * Kafka Streams (or client) properties and are passed through to Kafka Streams unchanged, so any Streams setting can
 * be tuned. The key constants here are kept for callers; a stage's constants are its fragment's.
 */
public final class DriftlineConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String HEALTH_STUCK_AFTER_MS = "health.stuck.after.ms";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String TOPIC_PREFIX = TopicsConfig.TOPIC_PREFIX;
    public static final String TOPIC_EVENTS = TopicsConfig.TOPIC_EVENTS;
    public static final String TOPIC_ENTITY_PROFILES = TopicsConfig.TOPIC_ENTITY_PROFILES;
    public static final String TOPIC_MODEL_UPDATES = TopicsConfig.TOPIC_MODEL_UPDATES;
    public static final String TOPIC_PREDICTIONS = TopicsConfig.TOPIC_PREDICTIONS;
    public static final String TOPIC_LABELS = TopicsConfig.TOPIC_LABELS;
    public static final String TOPIC_DRIFT_REPORTS = TopicsConfig.TOPIC_DRIFT_REPORTS;
    public static final String TOPIC_ALERTS = TopicsConfig.TOPIC_ALERTS;
    public static final String TOPIC_RETRAIN_REQUESTS = TopicsConfig.TOPIC_RETRAIN_REQUESTS;
    public static final String TOPIC_EVENTS_DLQ = TopicsConfig.TOPIC_EVENTS_DLQ;
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION = "topics.replication.factor";
    public static final String ONNX_INTRA_OP_THREADS = ScoreConfig.ONNX_INTRA_OP_THREADS;
    public static final String MODEL_RESTORE_TIMEOUT_MS = "model.restore.timeout.ms";
    public static final String MODELS_DIR = ScoreConfig.MODELS_DIR;
    public static final String MODELS_ALLOWED_URIS = ScoreConfig.MODELS_ALLOWED_URIS;
    public static final String MODELS_FETCH_MAX_BYTES = ScoreConfig.MODELS_FETCH_MAX_BYTES;
    public static final String MODELS_FETCH_TIMEOUT_MS = ScoreConfig.MODELS_FETCH_TIMEOUT_MS;
    public static final String MODELS_FETCH_FOLLOW_REDIRECTS = ScoreConfig.MODELS_FETCH_FOLLOW_REDIRECTS;
    public static final String MODELS_TRUSTED_KEYS = ScoreConfig.MODELS_TRUSTED_KEYS;
    public static final String PARKED_DRAIN_INTERVAL_MS = ScoreConfig.PARKED_DRAIN_INTERVAL_MS;
    public static final String PROFILE_KEY_FIELD = EnrichConfig.PROFILE_KEY_FIELD;
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String HTTP_AUTH_TOKEN = "http.auth.token";
    public static final String HTTP_TLS_KEYSTORE = "http.tls.keystore.location";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";
    public static final String HTTP_TLS_STORE_TYPE = "http.tls.store.type";
    public static final String HTTP_TLS_TRUSTSTORE = "http.tls.truststore.location";
    public static final String HTTP_TLS_TRUSTSTORE_PASSWORD = "http.tls.truststore.password";
    public static final String AGGREGATES = AggregatesConfig.AGGREGATES;
    public static final String AGGREGATE_GRACE_MS = AggregatesConfig.AGGREGATE_GRACE_MS;
    public static final String REGISTRY_MAX_PAUSE_MS = IngestConfig.REGISTRY_MAX_PAUSE_MS;
    public static final String MAX_FUTURE_SKEW_MS = IngestConfig.MAX_FUTURE_SKEW_MS;
    public static final String LABELS_ENABLED = LabelConfig.LABELS_ENABLED;
    public static final String LABELS_MAX_DELAY_MS = LabelConfig.LABELS_MAX_DELAY_MS;
    public static final String LABELS_GRACE_MS = LabelConfig.LABELS_GRACE_MS;
    public static final String PERFORMANCE_MIN_LABELLED = PerformanceConfig.PERFORMANCE_MIN_LABELLED;
    public static final String PERFORMANCE_ACCURACY_DROP = PerformanceConfig.PERFORMANCE_ACCURACY_DROP;
    public static final String PERFORMANCE_AUC_DROP = PerformanceConfig.PERFORMANCE_AUC_DROP;
    public static final String PERFORMANCE_ERROR_RISE = PerformanceConfig.PERFORMANCE_ERROR_RISE;
    public static final String PERFORMANCE_ALPHA = PerformanceConfig.PERFORMANCE_ALPHA;
    public static final String CONCEPT_DELTA = ConceptConfig.CONCEPT_DELTA;
    public static final String CONCEPT_LAMBDA = ConceptConfig.CONCEPT_LAMBDA;
    public static final String CONCEPT_MIN_INSTANCES = ConceptConfig.CONCEPT_MIN_INSTANCES;
    public static final String CONCEPT_ALPHA = ConceptConfig.CONCEPT_ALPHA;
    public static final String CONCEPT_QUIET_MS = ConceptConfig.CONCEPT_QUIET_MS;
    public static final String ALERTS_OPEN_AFTER = AlertConfig.ALERTS_OPEN_AFTER;
    public static final String ALERTS_RESOLVE_AFTER = AlertConfig.ALERTS_RESOLVE_AFTER;
    public static final String RETRAIN_AFTER = RetrainConfig.RETRAIN_AFTER;
    public static final String RETRAIN_COOLDOWN_MS = RetrainConfig.RETRAIN_COOLDOWN_MS;
    public static final String DRIFT_ENABLED = StatsConfig.DRIFT_ENABLED;
    public static final String DRIFT_WINDOW_SIZE_MS = StatsConfig.DRIFT_WINDOW_SIZE_MS;
    public static final String DRIFT_WINDOW_GRACE_MS = StatsConfig.DRIFT_WINDOW_GRACE_MS;
    public static final String DRIFT_WINDOW_HOP_MS = StatsConfig.DRIFT_WINDOW_HOP_MS;
    public static final String DRIFT_IDLE_CLOSE_MS = StatsConfig.DRIFT_IDLE_CLOSE_MS;
    public static final String DRIFT_MIN_SAMPLE_SIZE = StatsConfig.DRIFT_MIN_SAMPLE_SIZE;
    public static final String DRIFT_CORRECTION = StatsConfig.DRIFT_CORRECTION;
    // The standard metrics' keys as DriftMetricKeys generates them (and the two old names it still reads), for
    // callers that name one; a new metric needs no constant here.
    public static final String DRIFT_PSI_WARN = "drift.psi.warn";
    public static final String DRIFT_PSI_ALERT = "drift.psi.alert";
    public static final String DRIFT_JS_DISTANCE = "drift.js.distance";
    public static final String DRIFT_JS_DISTANCE_ALERT = "drift.js.distance.alert";
    public static final String DRIFT_WASSERSTEIN = "drift.wasserstein";
    public static final String DRIFT_WASSERSTEIN_ALERT = "drift.wasserstein.alert";
    public static final String DRIFT_KS_ALPHA = "drift.ks.alpha";
    public static final String DRIFT_KS_WARN = "drift.ks.warn";
    public static final String DRIFT_KS_ALERT = "drift.ks.alert";
    public static final String DRIFT_CHI_SQUARE_ALPHA = "drift.chi.square.alpha";
    public static final String DRIFT_CHI_SQUARE_WARN = "drift.chi.square.warn";
    public static final String DRIFT_CHI_SQUARE_ALERT = "drift.chi.square.alert";
    public static final String DRIFT_MISSING_RATE_ALPHA = "drift.missing.rate.alpha";
    public static final String DRIFT_MISSING_RATE_WARN = "drift.missing.rate.warn";
    public static final String DRIFT_MISSING_RATE_ALERT = "drift.missing.rate.alert";

    /** Default {@value #STATE_DIR}: a folder of the data directory, beside where the service was started. */
    public static final String DEFAULT_STATE_DIR = "./.driftline/state";

    /** The service's own keys: where it connects, how it runs, its state, topic creation and HTTP. */
    private static ConfigDef serviceDefinition() {
        return new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://localhost:8081", Importance.HIGH,
                    "Schema Registry URL(s), comma-separated; any registry speaking the Confluent REST API.")
            .define(APPLICATION_ID, Type.STRING, "driftline", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group and internal topic prefix.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                    "exactly_once_v2 (default) or at_least_once.")
            .define(STATE_DIR, Type.STRING, DEFAULT_STATE_DIR, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory of the RocksDB state stores, relative to the working directory unless absolute. Every "
                    + "store in it is rebuilt from Kafka when missing: keep it on a disk that survives restarts (not "
                    + "the OS temporary folder) so that a restart restores only what changed.")
            .define(HEALTH_STUCK_AFTER_MS, Type.LONG, 120_000L, atLeast(1_000), Importance.LOW,
                    "How long an input partition with records waiting may have none read before /ready says it is "
                    + "stuck (a record that kills the stream thread again and again, a task that never restores).")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW, "Create missing topics at start-up.")
            .define(TOPICS_PARTITIONS, Type.INT, 3, atLeast(1), Importance.LOW, "Partitions of topics created at start-up.")
            .define(TOPICS_REPLICATION, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of topics created at start-up; -1 uses the broker default.")
            .define(MODEL_RESTORE_TIMEOUT_MS, Type.LONG, 120_000L, atLeast(0), Importance.LOW,
                    "How long start-up waits for the models on the model-updates topic to load before scoring starts.")
            .define(HTTP_HOST, Type.STRING, "localhost", Importance.MEDIUM,
                    "Interface of the HTTP API, metrics and dashboard; 0.0.0.0 for all (containers).")
            .define(HTTP_PORT, Type.INT, 8080, between(-1, 65_535), Importance.MEDIUM,
                    "Port of the HTTP API, metrics and dashboard; 0 picks a free one, -1 turns HTTP off.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.LOW,
                    "Host name other instances use to reach this one's HTTP API (Interactive Queries); empty takes "
                            + "http.host, or localhost when that is 0.0.0.0.")
            .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Token the HTTP API requires (Authorization: Bearer <token>, or basic authentication with the "
                            + "token as password, any user); /health and /ready stay open. Every instance of an "
                            + "application needs the same one: Interactive Queries forwarded to the key's owner send "
                            + "it. Empty: no token.")
            .define(HTTP_TLS_KEYSTORE, Type.STRING, "", Importance.MEDIUM,
                    "Key store (PKCS12 or JKS) with the HTTP API's key and certificate: set, the API, metrics and "
                            + "dashboard are served over https only. Empty: plain http.")
            .define(HTTP_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of http.tls.keystore.location (and of its key).")
            .define(HTTP_TLS_STORE_TYPE, Type.STRING, "PKCS12", Importance.LOW,
                    "Type of the HTTP API's key and trust stores: PKCS12 or JKS.")
            .define(HTTP_TLS_TRUSTSTORE, Type.STRING, "", Importance.MEDIUM,
                    "Trust store for the https calls to other instances (Interactive Queries forwarded to a key's "
                            + "owner); empty: the JDK's default trust.")
            .define(HTTP_TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                    "Password of http.tls.truststore.location.");
    }

    /**
     * The parts of the definition, in data-flow order: the service's own keys, then each stage's fragment, the drift
     * metrics' keys generated from their registry (see {@link DriftMetricKeys}) beside the statistics stage's.
     */
    static List<ConfigDef> fragments() {
        return List.of(serviceDefinition(), TopicsConfig.configDef(), IngestConfig.configDef(),
                EnrichConfig.configDef(), AggregatesConfig.configDef(), ScoreConfig.configDef(), LabelConfig.configDef(),
                ConceptConfig.configDef(), StatsConfig.configDef(),
                DriftMetricKeys.define(new ConfigDef(), DriftMetrics.standard()), PerformanceConfig.configDef(),
                AlertConfig.configDef(), RetrainConfig.configDef(),
                io.driftline.topology.promote.PromotionConfig.configDef());
    }

    /** One definition holding every fragment's keys; a key two fragments define fails here, at class load. */
    static ConfigDef merge(List<ConfigDef> parts) {
        ConfigDef merged = new ConfigDef();
        for (ConfigDef part : parts) {
            part.configKeys().values().forEach(merged::define);
        }
        return merged;
    }

    /**
     * The definition: names, types, defaults, validators and docs, merged from the service's keys and the stages'
     * fragments ({@link #fragments()}).
     */
    public static final ConfigDef DEFINITION = merge(fragments());

    private final ScoreConfig.Settings score;

    public DriftlineConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
        driftThresholds(); // cross-checks (each warn level <= its alert level) at start-up, not when the topology is built
        labelSettings();
        score = ScoreConfig.from(this); // reads the trusted key files once, now: a bad one fails start-up
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    /** How long an input partition with waiting records may read nothing before it counts as stuck. */
    public java.time.Duration stuckAfter() {
        return java.time.Duration.ofMillis(getLong(HEALTH_STUCK_AFTER_MS));
    }

    /** The state directory of Kafka Streams. */
    public java.nio.file.Path stateDir() {
        return java.nio.file.Path.of(getString(STATE_DIR));
    }

    /** True under exactly-once (the default), false under at-least-once. */
    public boolean exactlyOnce() {
        return !StreamsConfig.AT_LEAST_ONCE.equals(getString(PROCESSING_GUARANTEE));
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public int onnxIntraOpThreads() {
        return scoreSettings().onnxIntraOpThreads();
    }

    public Duration modelRestoreTimeout() {
        return Duration.ofMillis(getLong(MODEL_RESTORE_TIMEOUT_MS));
    }

    /** Where and how much external ONNX models may be fetched from (models.dir, models.allowed.uris, models.fetch.*). */
    public FetchPolicy modelFetchPolicy() {
        return scoreSettings().fetchPolicy();
    }

    /** The scoring stage's settings ({@link ScoreConfig}), read at construction. */
    public ScoreConfig.Settings scoreSettings() {
        return score;
    }

    /** Whose signatures bundles must carry ({@value #MODELS_TRUSTED_KEYS}); none: signatures are not checked. */
    public TrustedKeys trustedKeys() {
        return score.trustedKeys();
    }

    public Duration parkedDrainInterval() {
        return scoreSettings().parkedDrainInterval();
    }

    /** Path of the profile join key in the event; empty means the record key. */
    public String profileKeyField() {
        return EnrichConfig.profileKeyField(this);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public String httpAdvertisedHost() {
        String advertised = getString(HTTP_ADVERTISED_HOST);
        if (!advertised.isBlank()) {
            return advertised;
        }
        return httpHost().equals("0.0.0.0") ? "localhost" : httpHost();
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    /**
     * This instance's name in the audit trail's verdicts: its host and state directory, which stay the same across
     * its restarts and differ between instances of one application.
     */
    public String instanceName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + ":" + java.nio.file.Path.of(getString(STATE_DIR)).toAbsolutePath().normalize();
    }

    /** The HTTP API's TLS, or null for plain http; a store that cannot be opened fails here, at start-up. */
    public io.driftline.http.HttpTls httpTls() {
        String keyStore = getString(HTTP_TLS_KEYSTORE);
        if (keyStore.isBlank()) {
            return null;
        }
        String trustStore = getString(HTTP_TLS_TRUSTSTORE);
        return io.driftline.http.HttpTls.load(java.nio.file.Path.of(keyStore), chars(HTTP_TLS_KEYSTORE_PASSWORD),
                getString(HTTP_TLS_STORE_TYPE), trustStore.isBlank() ? null : java.nio.file.Path.of(trustStore),
                chars(HTTP_TLS_TRUSTSTORE_PASSWORD));
    }

    private char[] chars(String key) {
        org.apache.kafka.common.config.types.Password password = getPassword(key);
        return password == null ? new char[0] : password.value().toCharArray();
    }

    /** The HTTP API's token, or null when none is required. */
    public String httpAuthToken() {
        org.apache.kafka.common.config.types.Password token = getPassword(HTTP_AUTH_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
    }

    public List<AggregateSpec> aggregates() {
        return AggregatesConfig.from(this).specs();
    }

    public Duration aggregateGrace() {
        return AggregatesConfig.from(this).grace();
    }

    /** The topology's settings from this configuration: each stage's, built by its fragment. */
    public DriftlineTopology.Settings topologySettings(Clock clock) {
        AggregatesConfig.Settings aggregates = AggregatesConfig.from(this);
        return new DriftlineTopology.Settings.Builder()
                .clock(clock)
                .maxFutureSkew(maxFutureSkew())
                .topicsPattern(topicsPattern())
                .profileKeyField(profileKeyField())
                .profileCacheMaxBytes(EnrichConfig.profileCacheMaxBytes(this))
                .aggregates(aggregates.specs())
                .aggregateGrace(aggregates.grace())
                .aggregateCachedKeys(aggregates.cachedKeys())
                .parkedDrainInterval(parkedDrainInterval())
                .batching(scoreSettings().batching())
                .labels(labelSettings())
                .drift(driftSettings())
                .alerts(AlertConfig.from(this))
                .retrain(RetrainConfig.from(this))
                .promotion(io.driftline.topology.promote.PromotionConfig.from(this))
                .build();
    }

    /** How far ahead of the clock a record's time may be ({@value #MAX_FUTURE_SKEW_MS}). */
    public Duration maxFutureSkew() {
        return IngestConfig.from(this).maxFutureSkew();
    }

    /** The label join, performance and concept drift settings. */
    public LabelSettings labelSettings() {
        return ConceptConfig.applyTo(LabelConfig.from(this), this);
    }

    /** When performance on labelled predictions counts as fallen. */
    public PerformanceTests.Thresholds performanceThresholds() {
        return PerformanceConfig.from(this);
    }

    /** Drift thresholds of every registered metric, correction and minimum sample size. */
    public DriftThresholds driftThresholds() {
        return DriftMetricKeys.thresholds(this, DriftMetrics.standard(), StatsConfig.correction(this),
                StatsConfig.minSampleSize(this));
    }

    /**
     * Window statistics settings; the merge learns the number of tasks that send partials from the input topics'
     * largest partition count (the events topic and those the subscription matches), or with labels on the larger
     * of it and the labels topic's (labelled predictions reach the
     * statistics tasks through a repartition topic with the labels topic's count), looked up on first use (see
     * {@link InputPartitions}).
     */
    public StatsSettings driftSettings() {
        return StatsConfig.from(this, driftThresholds(), performanceThresholds(), getBoolean(LABELS_ENABLED)
                ? InputPartitions.ofSubscription(clientConfig(), inputSubscription(), topicNames().eventsTopic(),
                        topicNames().labelsTopic())
                : InputPartitions.ofSubscription(clientConfig(), inputSubscription(), topicNames().eventsTopic()));
    }

    /** Which topics besides the events topic are read ({@value IngestConfig#TOPICS_PATTERN}). */
    public String topicsPattern() {
        return IngestConfig.from(this).topicsPattern();
    }

    /** The full subscription: the events topic and the topics the pattern matches, behind the prefix. */
    public java.util.regex.Pattern inputSubscription() {
        return io.driftline.topology.ingest.IngestStage.subscription(topicNames(), topicsPattern());
    }

    public Duration registryMaxPause() {
        return IngestConfig.from(this).registryMaxPause();
    }

    public boolean createTopics() {
        return getBoolean(TOPICS_CREATE);
    }

    public int topicPartitions() {
        return getInt(TOPICS_PARTITIONS);
    }

    public short topicReplication() {
        return getShort(TOPICS_REPLICATION);
    }

    /** Topic names as configured. */
    public TopicNames topicNames() {
        return TopicsConfig.from(this);
    }

    /**
     * Settings for the Avro serdes: the registry URL, its basic authentication ({@code basic.auth.user.info},
     * also accepted as {@code serde.basic.auth.user.info}), the trust store of an https registry
     * ({@code schema.registry.ssl.truststore.*}) and any {@code serde.} key the user passed.
     */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith("basic.auth.") || k.startsWith("schema.registry.ssl.")) {
                out.put(k, v);
            }
        });
        out.putAll(originalsWithPrefix("serde.", true));
        out.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        return out;
    }

    /**
     * Client settings for Driftline's own consumers, producers and admin clients (the model-update listener, the
     * watchers, the topic provisioner): the bootstrap servers, every security setting given for Kafka Streams
     * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, so that one setting reaches every client), then
     * any {@code client.} key, which wins.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (isSecurityKey(k)) {
                out.put(k, v);
            }
        });
        out.putAll(originalsWithPrefix("client.", true));
        out.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return out;
    }

    /** A Kafka client security setting: how to reach a TLS or SASL broker. */
    static boolean isSecurityKey(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    /** Kafka Streams properties: Driftline's defaults, then every key this definition does not own. */
    public Properties streamsProperties() {
        Properties props = io.driftline.topology.DriftlineTopology.streamsConfig(applicationId(), topicNames());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topicReplication());
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!DEFINITION.names().contains(e.getKey()) && !e.getKey().startsWith("serde.")
                    && !e.getKey().startsWith("client.")
                    && !e.getKey().startsWith(io.driftline.topology.promote.PromotionConfig.MODEL_PREFIX)) {
                props.put(e.getKey(), e.getValue());
            }
        }
        staticMembership(props);
        return props;
    }

    /**
     * Static group membership unless the user chose: an instance killed with {@code kill -9} is still a member of
     * the consumer group until its session times out (45 s by default), and a dynamic member restarting would wait
     * that long for the rebalance that gives it its partitions back. A static member with the same
     * {@code group.instance.id} takes its old place at once. The id is stable per host and state directory (two
     * instances can never share a state directory), so nothing has to be configured per instance; Kafka Streams
     * appends the stream thread's index.
     */
    private void staticMembership(Properties props) {
        for (String key : List.of("group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id")) {
            if (props.containsKey(key)) {
                return;
            }
        }
        if ("streams".equals(props.get("group.protocol"))) {
            return; // the streams rebalance protocol (KIP-1071) has no static membership
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String dir = stateDir().toAbsolutePath().normalize().toString();
        props.put("main.consumer.group.instance.id", applicationId() + "-" + host + "-"
                + Integer.toHexString(dir.hashCode()));
    }
}

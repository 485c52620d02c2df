package io.driftline.app;

import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftMetrics;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.alert.AlertPolicy;
import io.driftline.topology.retrain.RetrainPolicy;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.stats.InputPartitions;
import io.driftline.models.drift.PageHinkley;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.stats.StatsSettings;
import io.driftline.topology.topics.TopicNames;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

/**
 * Driftline's configuration, validated once at start-up. Keys not defined here are Kafka Streams (or client)
 * properties and are passed through to Kafka Streams unchanged, so any Streams setting can be tuned.
 */
public final class DriftlineConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String HEALTH_STUCK_AFTER_MS = "health.stuck.after.ms";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_EVENTS = "topic.events";
    public static final String TOPIC_ENTITY_PROFILES = "topic.entity.profiles";
    public static final String TOPIC_MODEL_UPDATES = "topic.model.updates";
    public static final String TOPIC_PREDICTIONS = "topic.predictions";
    public static final String TOPIC_LABELS = "topic.labels";
    public static final String TOPIC_DRIFT_REPORTS = "topic.drift.reports";
    public static final String TOPIC_ALERTS = "topic.alerts";
    public static final String TOPIC_RETRAIN_REQUESTS = "topic.retrain.requests";
    public static final String TOPIC_EVENTS_DLQ = "topic.events.dlq";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION = "topics.replication.factor";
    public static final String ONNX_INTRA_OP_THREADS = "onnx.intra.op.threads";
    public static final String MODEL_RESTORE_TIMEOUT_MS = "model.restore.timeout.ms";
    public static final String MODELS_DIR = "models.dir";
    public static final String MODELS_ALLOWED_URIS = "models.allowed.uris";
    public static final String MODELS_FETCH_MAX_BYTES = "models.fetch.max.bytes";
    public static final String MODELS_FETCH_TIMEOUT_MS = "models.fetch.timeout.ms";
    public static final String MODELS_FETCH_FOLLOW_REDIRECTS = "models.fetch.follow.redirects";
    public static final String PARKED_DRAIN_INTERVAL_MS = "score.parked.drain.interval.ms";
    public static final String PROFILE_KEY_FIELD = "enrich.profile.key.field";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String AGGREGATES = "enrich.aggregates";
    public static final String AGGREGATE_GRACE_MS = "enrich.aggregates.grace.ms";
    public static final String REGISTRY_MAX_PAUSE_MS = "ingest.registry.unavailable.max.pause.ms";
    public static final String MAX_FUTURE_SKEW_MS = "ingest.max.future.skew.ms";
    public static final String LABELS_ENABLED = "labels.enabled";
    public static final String LABELS_MAX_DELAY_MS = "labels.max.delay.ms";
    public static final String LABELS_GRACE_MS = "labels.grace.ms";
    public static final String PERFORMANCE_MIN_LABELLED = "performance.min.labelled";
    public static final String PERFORMANCE_ACCURACY_DROP = "performance.accuracy.drop";
    public static final String PERFORMANCE_AUC_DROP = "performance.auc.drop";
    public static final String PERFORMANCE_ERROR_RISE = "performance.error.rise";
    public static final String PERFORMANCE_ALPHA = "performance.alpha";
    public static final String CONCEPT_DELTA = "concept.page.hinkley.delta";
    public static final String CONCEPT_LAMBDA = "concept.page.hinkley.lambda";
    public static final String CONCEPT_MIN_INSTANCES = "concept.page.hinkley.min.instances";
    public static final String CONCEPT_ALPHA = "concept.page.hinkley.alpha";
    public static final String CONCEPT_QUIET_MS = "concept.resolve.quiet.ms";
    public static final String ALERTS_OPEN_AFTER = "alerts.open.after.windows";
    public static final String ALERTS_RESOLVE_AFTER = "alerts.resolve.after.windows";
    public static final String RETRAIN_AFTER = "retrain.after.windows";
    public static final String RETRAIN_COOLDOWN_MS = "retrain.cooldown.ms";
    public static final String DRIFT_ENABLED = "drift.enabled";
    public static final String DRIFT_WINDOW_SIZE_MS = "drift.window.size.ms";
    public static final String DRIFT_WINDOW_GRACE_MS = "drift.window.grace.ms";
    public static final String DRIFT_WINDOW_HOP_MS = "drift.window.hop.ms";
    public static final String DRIFT_IDLE_CLOSE_MS = "drift.window.idle.close.ms";
    public static final String DRIFT_MIN_SAMPLE_SIZE = "drift.min.sample.size";
    public static final String DRIFT_CORRECTION = "drift.correction";
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

    /** Every key but the drift metrics' own. */
    private static ConfigDef baseDefinition() {
        return new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://localhost:8081", Importance.HIGH,
                    "Schema Registry URL(s), comma-separated; any registry speaking the Confluent REST API.")
            .define(APPLICATION_ID, Type.STRING, "driftline", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group and internal topic prefix.")
            .define(STATE_DIR, Type.STRING, DEFAULT_STATE_DIR, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory of the RocksDB state stores, relative to the working directory unless absolute. Every "
                    + "store in it is rebuilt from Kafka when missing: keep it on a disk that survives restarts (not "
                    + "the OS temporary folder) so that a restart restores only what changed.")
            .define(HEALTH_STUCK_AFTER_MS, Type.LONG, 120_000L, atLeast(1_000), Importance.LOW,
                    "How long an input partition with records waiting may have none read before /ready says it is "
                    + "stuck (a record that kills the stream thread again and again, a task that never restores).")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                    "exactly_once_v2 (default) or at_least_once.")
            .define(TOPIC_PREFIX, Type.STRING, "", Importance.MEDIUM, "Common prefix of every topic name.")
            .define(TOPIC_EVENTS, Type.STRING, "events", Importance.MEDIUM, "Input events topic.")
            .define(TOPIC_ENTITY_PROFILES, Type.STRING, "entity-profiles", Importance.LOW, "Compacted reference data topic.")
            .define(TOPIC_MODEL_UPDATES, Type.STRING, "model-updates", Importance.MEDIUM, "Compacted model bundle topic.")
            .define(TOPIC_PREDICTIONS, Type.STRING, "predictions", Importance.MEDIUM, "Predictions output topic.")
            .define(TOPIC_LABELS, Type.STRING, "labels", Importance.LOW, "Delayed ground-truth labels topic.")
            .define(TOPIC_DRIFT_REPORTS, Type.STRING, "drift-reports", Importance.LOW, "Drift reports output topic.")
            .define(TOPIC_ALERTS, Type.STRING, "alerts", Importance.LOW, "Compacted alerts output topic.")
            .define(TOPIC_RETRAIN_REQUESTS, Type.STRING, "retrain-requests", Importance.LOW, "Retrain requests topic.")
            .define(TOPIC_EVENTS_DLQ, Type.STRING, "events-dlq", Importance.MEDIUM, "Dead-letter topic for bad input.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW, "Create missing topics at start-up.")
            .define(TOPICS_PARTITIONS, Type.INT, 3, atLeast(1), Importance.LOW, "Partitions of topics created at start-up.")
            .define(TOPICS_REPLICATION, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of topics created at start-up; -1 uses the broker default.")
            .define(ONNX_INTRA_OP_THREADS, Type.INT, 1, between(1, 64), Importance.LOW,
                    "ONNX Runtime intra-op threads per model; 1 suits one stream thread per core.")
            .define(MODEL_RESTORE_TIMEOUT_MS, Type.LONG, 120_000L, atLeast(0), Importance.LOW,
                    "How long start-up waits for the models on the model-updates topic to load before scoring starts.")
            .define(MODELS_DIR, Type.STRING, FetchPolicy.DEFAULT_MODELS_DIR.toString(), Importance.MEDIUM,
                    "Directory (relative to the working directory) whose regular files bundles may name with file: "
                            + "onnxUri values; files elsewhere are refused before anything is read.")
            .define(MODELS_ALLOWED_URIS, Type.LIST, "", (name, value) -> {
                try {
                    FetchPolicy.of(null, asStrings(value), 1, Duration.ofSeconds(1), false);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }, Importance.MEDIUM, "Where else bundles may fetch ONNX models from, comma-separated: a scheme "
                    + "(https:) or a URI prefix (https://models.example.com/prod/, file:///srv/models/). Empty "
                    + "(default): files under models.dir only.")
            .define(MODELS_FETCH_MAX_BYTES, Type.LONG, FetchPolicy.DEFAULT_MAX_BYTES, atLeast(1), Importance.LOW,
                    "Most bytes an external ONNX model may have; a larger one is rejected (FETCH_TOO_LARGE) and reading stops.")
            .define(MODELS_FETCH_TIMEOUT_MS, Type.LONG, FetchPolicy.DEFAULT_TIMEOUT.toMillis(), atLeast(1), Importance.LOW,
                    "Most time fetching one external ONNX model may take, connect to last byte, redirects included "
                            + "(FETCH_TIMEOUT); model updates wait behind a fetch, so keep it short.")
            .define(MODELS_FETCH_FOLLOW_REDIRECTS, Type.BOOLEAN, false, Importance.LOW,
                    "Follow HTTP redirects of ONNX URIs (each target must be admitted by models.allowed.uris); "
                            + "off by default: a redirect rejects the bundle (REDIRECT_NOT_FOLLOWED).")
            .define(PARKED_DRAIN_INTERVAL_MS, Type.LONG, 500L, atLeast(10), Importance.LOW,
                    "How often events parked while no model serves are retried.")
            .define(PROFILE_KEY_FIELD, Type.STRING, "", Importance.MEDIUM,
                    "Path of the field in the event that keys its profile in the entity-profiles topic; empty joins on the record key.")
            .define(HTTP_HOST, Type.STRING, "localhost", Importance.MEDIUM,
                    "Interface of the HTTP API, metrics and dashboard; 0.0.0.0 for all (containers).")
            .define(HTTP_PORT, Type.INT, 8080, between(-1, 65_535), Importance.MEDIUM,
                    "Port of the HTTP API, metrics and dashboard; 0 picks a free one, -1 turns HTTP off.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.LOW,
                    "Host name other instances use to reach this one's HTTP API (Interactive Queries); empty takes "
                            + "http.host, or localhost when that is 0.0.0.0.")
            .define(AGGREGATES, Type.STRING, "", (name, value) -> {
                try {
                    AggregateSpec.parseList((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }, Importance.MEDIUM, "Per-key window aggregates, comma-separated name=function(field)@window "
                    + "(count, sum, mean, min, max, distinct; e.g. txn_count_10m=count(amount)@10m); features read agg.<name>.")
            .define(AGGREGATE_GRACE_MS, Type.LONG, 60_000L, atLeast(0), Importance.LOW,
                    "How far behind stream time an event may arrive and still count in window aggregates; later ones "
                            + "are dead-lettered as LATE_EVENT.")
            .define(REGISTRY_MAX_PAUSE_MS, Type.LONG, 60_000L, between(0, 240_000), Importance.LOW,
                    "How long decoding pauses, retrying with back-off, while the schema registry is unreachable before an "
                            + "event is dead-lettered as REGISTRY_UNAVAILABLE; kept under max.poll.interval.ms (300 s).")
            // At most the broker's default log.message.timestamp.after.max.ms (1 h): a time further ahead would be
            // refused on the internal topics, and stopping that is what this key is for.
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, DriftlineTopology.Settings.DEFAULT_MAX_FUTURE_SKEW.toMillis(),
                    between(0, 3_600_000), Importance.MEDIUM,
                    "How far ahead of this instance's clock an event's Kafka timestamp or a label's time may be; events "
                            + "and labels further ahead, or with a negative time, are dead-lettered as "
                            + "TIMESTAMP_OUT_OF_RANGE (not clamped) before they move stream time or reach an internal topic. "
                            + "At most 1 h, the broker's default log.message.timestamp.after.max.ms.")
            .define(LABELS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Join the labels topic (delayed ground truth keyed by event id) with the predictions: window "
                            + "performance (accuracy, log-loss, AUC, or MAE, RMSE) in the drift reports, PERFORMANCE and "
                            + "CONCEPT_DRIFT alerts. Off by default: the join repartitions every prediction by event id.")
            .define(LABELS_MAX_DELAY_MS, Type.LONG, 3_600_000L, atLeast(1), Importance.MEDIUM,
                    "How long after its prediction a label may arrive and still join; the join keeps predictions about "
                            + "twice this long.")
            .define(LABELS_GRACE_MS, Type.LONG, 60_000L, atLeast(0), Importance.LOW,
                    "How late, behind the label join's stream time, a prediction or label may arrive.")
            .define(PERFORMANCE_MIN_LABELLED, Type.LONG, 100L, atLeast(1), Importance.LOW,
                    "Fewer labelled predictions than this in a window and its performance is not judged.")
            .define(PERFORMANCE_ACCURACY_DROP, Type.DOUBLE, 0.05, between(1e-9, 1), Importance.LOW,
                    "Accuracy this far below the bundle's reference accuracy has fallen.")
            .define(PERFORMANCE_AUC_DROP, Type.DOUBLE, 0.05, between(1e-9, 1), Importance.LOW,
                    "AUC this far below the bundle's reference AUC has fallen.")
            .define(PERFORMANCE_ERROR_RISE, Type.DOUBLE, 0.25, between(1e-9, 1e6), Importance.LOW,
                    "Log-loss, MAE or RMSE this share above the reference has risen (0.25: 25% worse).")
            .define(PERFORMANCE_ALPHA, Type.DOUBLE, PerformanceTests.Thresholds.defaults().alpha(), between(1e-12, 0.5),
                    Importance.LOW, "A fall counts only when a one-sided test of 'no worse than the reference' has a "
                            + "p-value below this, so that a window's sampling noise does not open alerts.")
            .define(CONCEPT_DELTA, Type.DOUBLE, 0.005, between(0, 1), Importance.LOW,
                    "Page-Hinkley tolerance: increase of the mean per-event error ignored per event.")
            .define(CONCEPT_LAMBDA, Type.DOUBLE, 50.0, between(1e-9, 1e9), Importance.LOW,
                    "Page-Hinkley threshold on the cumulative excess error; larger signals later and more rarely.")
            .define(CONCEPT_MIN_INSTANCES, Type.LONG, 30L, atLeast(1), Importance.LOW,
                    "Labelled predictions a detector needs before it may signal.")
            .define(CONCEPT_ALPHA, Type.DOUBLE, 0.9999, between(1e-9, 1), Importance.LOW,
                    "Fading factor of the Page-Hinkley cumulative sum (1: no fading).")
            .define(CONCEPT_QUIET_MS, Type.LONG, 600_000L, atLeast(1), Importance.LOW,
                    "A CONCEPT_DRIFT alert resolves once no detector has signalled for this long.")
            .define(ALERTS_OPEN_AFTER, Type.INT, 2, between(1, 1_000), Importance.MEDIUM,
                    "A drift alert opens after this many consecutive drifted windows of a feature (or the score).")
            .define(ALERTS_RESOLVE_AFTER, Type.INT, 2, between(1, 1_000), Importance.MEDIUM,
                    "An open drift alert resolves after this many consecutive clean windows.")
            .define(RETRAIN_AFTER, Type.INT, 3, between(1, 10_000), Importance.MEDIUM,
                    "A retrain request goes out after this many consecutive windows with data drift.")
            .define(RETRAIN_COOLDOWN_MS, Type.LONG, 21_600_000L, atLeast(0), Importance.MEDIUM,
                    "At most one retrain request per model per this much event time (6 h by default).")
            .define(DRIFT_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Keep window statistics of every feature and the score and publish a drift report per model version "
                            + "per closed window.")
            .define(DRIFT_WINDOW_SIZE_MS, Type.LONG, 60_000L, atLeast(100), Importance.MEDIUM,
                    "Event-time tumbling window of the drift statistics.")
            .define(DRIFT_WINDOW_HOP_MS, Type.LONG, 0L, atLeast(0), Importance.LOW,
                    "Hopping drift windows: a window starts every this many ms (it must divide the window size), so "
                            + "windows overlap and each event counts in size / hop of them; 0 (default) means tumbling "
                            + "windows.")
            .define(DRIFT_WINDOW_GRACE_MS, Type.LONG, 10_000L, atLeast(0), Importance.LOW,
                    "How far behind a task's stream time an event may be and still count in its drift window; a window "
                            + "closes when stream time reaches its end plus this.")
            .define(DRIFT_IDLE_CLOSE_MS, Type.LONG, 30_000L, atLeast(100), Importance.LOW,
                    "A partition with no events for this long closes its drift windows once their end plus grace plus "
                            + "this has passed in wall-clock time; the merge waits twice this for partitions that stay silent.")
            .define(DRIFT_MIN_SAMPLE_SIZE, Type.LONG, 100L, atLeast(1), Importance.LOW,
                    "Fewer events than this in a window and a feature is not tested (INSUFFICIENT_DATA).")
            .define(DRIFT_CORRECTION, Type.STRING, "holm", ValidString.in("holm", "bonferroni", "none"), Importance.LOW,
                    "Multiple-testing correction across all tests of a window.");
    }

    /**
     * The definition: names, types, defaults, validators and docs; the drift metrics' keys are generated from the
     * registry (see {@link DriftMetricKeys}).
     */
    public static final ConfigDef DEFINITION = DriftMetricKeys.define(baseDefinition(), DriftMetrics.standard());

    public DriftlineConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
        driftThresholds(); // cross-checks (each warn level <= its alert level) at start-up, not when the topology is built
        labelSettings();
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
        return getInt(ONNX_INTRA_OP_THREADS);
    }

    public Duration modelRestoreTimeout() {
        return Duration.ofMillis(getLong(MODEL_RESTORE_TIMEOUT_MS));
    }

    /** Where and how much external ONNX models may be fetched from (models.dir, models.allowed.uris, models.fetch.*). */
    public FetchPolicy modelFetchPolicy() {
        return FetchPolicy.of(Path.of(getString(MODELS_DIR)), getList(MODELS_ALLOWED_URIS),
                getLong(MODELS_FETCH_MAX_BYTES), Duration.ofMillis(getLong(MODELS_FETCH_TIMEOUT_MS)),
                getBoolean(MODELS_FETCH_FOLLOW_REDIRECTS));
    }

    private static List<String> asStrings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    public Duration parkedDrainInterval() {
        return Duration.ofMillis(getLong(PARKED_DRAIN_INTERVAL_MS));
    }

    /** Path of the profile join key in the event; empty means the record key. */
    public String profileKeyField() {
        return getString(PROFILE_KEY_FIELD);
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

    public List<AggregateSpec> aggregates() {
        return AggregateSpec.parseList(getString(AGGREGATES));
    }

    public Duration aggregateGrace() {
        return Duration.ofMillis(getLong(AGGREGATE_GRACE_MS));
    }

    /** The topology's settings from this configuration. */
    public DriftlineTopology.Settings topologySettings(Clock clock) {
        return new DriftlineTopology.Settings(clock, parkedDrainInterval(), profileKeyField(), aggregates(),
                aggregateGrace(), driftSettings(), new AlertPolicy(getInt(ALERTS_OPEN_AFTER), getInt(ALERTS_RESOLVE_AFTER)),
                new RetrainPolicy(getInt(RETRAIN_AFTER), Duration.ofMillis(getLong(RETRAIN_COOLDOWN_MS))),
                labelSettings(), maxFutureSkew());
    }

    /** How far ahead of the clock a record's time may be ({@value #MAX_FUTURE_SKEW_MS}). */
    public Duration maxFutureSkew() {
        return Duration.ofMillis(getLong(MAX_FUTURE_SKEW_MS));
    }

    /** The label join, performance and concept drift settings. */
    public LabelSettings labelSettings() {
        try {
            return new LabelSettings(getBoolean(LABELS_ENABLED), Duration.ofMillis(getLong(LABELS_MAX_DELAY_MS)),
                    Duration.ofMillis(getLong(LABELS_GRACE_MS)), new PageHinkley.Settings(getDouble(CONCEPT_DELTA),
                    getDouble(CONCEPT_LAMBDA), getLong(CONCEPT_MIN_INSTANCES), getDouble(CONCEPT_ALPHA)),
                    Duration.ofMillis(getLong(CONCEPT_QUIET_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid label settings: " + e.getMessage());
        }
    }

    /** When performance on labelled predictions counts as fallen. */
    public PerformanceTests.Thresholds performanceThresholds() {
        return new PerformanceTests.Thresholds(getLong(PERFORMANCE_MIN_LABELLED),
                PerformanceTests.Thresholds.defaults().minPerClass(), getDouble(PERFORMANCE_ACCURACY_DROP),
                getDouble(PERFORMANCE_AUC_DROP), getDouble(PERFORMANCE_ERROR_RISE), getDouble(PERFORMANCE_ALPHA));
    }

    /** Drift thresholds of every registered metric, correction and minimum sample size. */
    public DriftThresholds driftThresholds() {
        return DriftMetricKeys.thresholds(this, DriftMetrics.standard(),
                Correction.fromConfigName(getString(DRIFT_CORRECTION)), getLong(DRIFT_MIN_SAMPLE_SIZE));
    }

    /**
     * Window statistics settings; the merge learns the number of tasks that send partials from the events topic's
     * partition count, or with labels on the larger of it and the labels topic's (labelled predictions reach the
     * statistics tasks through a repartition topic with the labels topic's count), looked up on first use (see
     * {@link InputPartitions}).
     */
    public StatsSettings driftSettings() {
        long hop = getLong(DRIFT_WINDOW_HOP_MS);
        try {
            return new StatsSettings(getBoolean(DRIFT_ENABLED), Duration.ofMillis(getLong(DRIFT_WINDOW_SIZE_MS)),
                    Duration.ofMillis(getLong(DRIFT_WINDOW_GRACE_MS)), Duration.ofMillis(getLong(DRIFT_IDLE_CLOSE_MS)),
                    driftThresholds(), getBoolean(LABELS_ENABLED)
                            ? InputPartitions.ofTopics(clientConfig(), topicNames().eventsTopic(),
                                    topicNames().labelsTopic())
                            : InputPartitions.ofTopics(clientConfig(), topicNames().eventsTopic()),
                    performanceThresholds(), hop == 0 ? null : Duration.ofMillis(hop));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid drift windows (" + DRIFT_WINDOW_SIZE_MS + ", " + DRIFT_WINDOW_HOP_MS
                    + "): " + e.getMessage());
        }
    }

    public Duration registryMaxPause() {
        return Duration.ofMillis(getLong(REGISTRY_MAX_PAUSE_MS));
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
        return new TopicNames(getString(TOPIC_PREFIX), getString(TOPIC_EVENTS), getString(TOPIC_ENTITY_PROFILES),
                getString(TOPIC_MODEL_UPDATES), getString(TOPIC_PREDICTIONS), getString(TOPIC_LABELS),
                getString(TOPIC_DRIFT_REPORTS), getString(TOPIC_ALERTS), getString(TOPIC_RETRAIN_REQUESTS),
                getString(TOPIC_EVENTS_DLQ));
    }

    /** Settings for the Avro serdes (registry URL plus any serde keys the user passed). */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> out = new HashMap<>(originalsWithPrefix("serde.", true));
        out.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        return out;
    }

    /** Client settings for Driftline's own consumers and producers (bootstrap plus any "client." keys). */
    public Map<String, Object> clientConfig() {
        Map<String, Object> out = new HashMap<>(originalsWithPrefix("client.", true));
        out.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return out;
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
                    && !e.getKey().startsWith("client.")) {
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

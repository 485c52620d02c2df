package io.driftline.app;

import io.driftline.ModelUpdate;
import io.driftline.app.metrics.AlertWatcher;
import io.driftline.app.metrics.CommittedLag;
import io.driftline.app.metrics.ConsumerLag;
import io.driftline.app.metrics.DriftReportWatcher;
import io.driftline.app.metrics.DriftlineMeterBinder;
import io.driftline.app.metrics.InputBacklog;
import io.driftline.app.metrics.StuckPartitions;
import io.driftline.http.HttpApi;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ModelUpdateListener;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Driftline instance: topics checked, models restored from the model-update topic, then the
 * Kafka Streams topology started. Closing stops it all in reverse order.
 */
public final class DriftlineService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftlineService.class);

    private final DriftlineConfig config;
    private final SchemaRegistryClient registryClient;
    private final Topics topics;
    private final BundleVerifier verifier;
    private final ModelRegistry models;
    private final PrometheusMeterRegistry meters;
    private final DriftlineTopology.Metrics metrics;
    private final ModelUpdateListener listener;
    private InstanceVerdicts instanceVerdicts;
    /** The HTTP API's TLS (null: plain http), loaded once: the server presents it, the peer client trusts it. */
    private final io.driftline.http.HttpTls httpTls;
    private final DriftlineTopology.Context context;
    private final Topology topology;
    private final DriftlineTopology.Settings settings;
    private final LocalState localState;
    private final RestoreProgress restore = new RestoreProgress();
    private final StreamsSupervisor supervisor;
    private final StuckPartitions stuck;
    private volatile CommittedLag committedLag;
    private final Counter threadFailures;
    private volatile boolean started;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMeters;
    private ConsumerLag lag;
    private DriftReportWatcher driftReports;
    private AlertWatcher alerts;
    private HttpApi http;

    public DriftlineService(DriftlineConfig config) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("application", config.applicationId()); // before any meter is registered
        this.metrics = DriftlineTopology.Metrics.create(meters);
        this.registryClient = RestSchemaRegistryClient.create(config.serdeConfig());
        this.httpTls = config.httpTls(); // a store that cannot be opened fails here, before anything starts
        Clock clock = Clock.systemUTC();
        this.verifier = new BundleVerifier(config.onnxIntraOpThreads(), clock, config.modelFetchPolicy(),
                config.trustedKeys());
        this.models = new ModelRegistry(verifier, clock, RouteAdmission.of(config));
        DriftlineTopology.Settings configured = config.topologySettings(clock);
        DriftlineTopology.Context wired = DriftlineTopology.Context.create(config.topicNames(), registryClient,
                config.serdeConfig(), config.registryMaxPause(), models, metrics, configured);
        this.topics = wired.topics();
        this.listener = new ModelUpdateListener(topics.modelUpdates().name(), config.clientConfig(),
                topics.modelUpdates().valueSerde().deserializer(), models);
        // Windows close on wall-clock time only for input this instance has read to its end (restarts, backlogs).
        java.util.Set<String> inputs = config.labelSettings().enabled()
                ? java.util.Set.of(topics.events().name(), topics.labels().name()) : java.util.Set.of(topics.events().name());
        this.settings = configured.withDrift(configured.drift().withInputProgress(new InputBacklog(inputs,
                () -> streams == null ? null : streams.metrics(), configured.drift().inputPartitions(),
                () -> state() == KafkaStreams.State.RUNNING && !restore.restoring(),
                InputBacklog.staleAfter(mainConsumerFetchMaxWaitMs(config.streamsProperties())))));
        this.context = wired.withSettings(settings);
        this.topology = DriftlineTopology.build(context, config.streamsProperties());
        this.localState = new LocalState(config.stateDir(), config.applicationId());
        this.supervisor = new StreamsSupervisor(this::recreateStreams);
        this.stuck = new StuckPartitions(metrics.ingest(), config.stuckAfter().toMillis());
        this.threadFailures = Counter.builder("driftline.stream.thread.failures")
                .description("Stream threads that died and were replaced").register(meters);
        Gauge.builder("driftline.ready", this, s -> s.notReadyReason() == null ? 1 : 0)
                .description("1 when the instance is ready (as /ready), 0 when not (the log and /ready say why)")
                .register(meters);
        Gauge.builder("driftline.input.partitions.stuck", this, s -> s.stuck.current().size())
                .description("Input partitions with waiting records and none read for the allowance").register(meters);
        Gauge.builder("driftline.model.listener.alive", this, s -> s.listener.health().alive() ? 1 : 0)
                .description("1 while the model-update listener runs").register(meters);
        new DriftlineMeterBinder(metrics, models).bindTo(meters);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
    }

    /**
     * Starts the instance: creates missing topics, loads the models already published (so that no event is
     * scored by a stale or absent model after a restart), then starts the streams.
     */
    public DriftlineService start() throws InterruptedException {
        long startedAt = System.nanoTime();
        if (config.createTopics()) {
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
        }
        log.info("Model updates: {}", verifier.signaturePolicy());
        instanceVerdicts = new InstanceVerdicts(config.clientConfig(), topics.modelAuditVerdicts(), config.instanceName());
        models.verdicts().addListener(instanceVerdicts::decided);
        listener.start();
        started = true;
        Duration timeout = config.modelRestoreTimeout();
        if (!listener.awaitCaughtUp(timeout)) {
            log.warn("Models on {} not all loaded after {}; starting anyway (events wait for a model)",
                    topics.modelUpdates().name(), timeout);
        }
        long modelsMs = (System.nanoTime() - startedAt) / 1_000_000;
        log.info("Models serving at start: {} (after {} ms)", models.serving().isEmpty() ? "none yet"
                : models.serving().stream().map(m -> m.model() + " v" + m.version()).toList(), modelsMs);
        if (config.httpPort() >= 0) {
            // Before the streams: Interactive Queries advertise this server, whose port may be picked now.
            try {
                http = HttpApi.start(config.httpHost(), config.httpPort(), new ServiceView(this),
                        config.httpAuthToken() == null ? io.driftline.http.HttpAccess.open()
                                : io.driftline.http.HttpAccess.token(config.httpAuthToken()), httpTls);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot start the HTTP server", e);
            }
        }
        localState.prepare(topology.describe(), config.exactlyOnce());
        committedLag = new CommittedLag(config.clientConfig(), config.applicationId());
        log.info("Kafka Streams settings in effect: {}; scoring batches of up to {} events or {} ms",
                StreamsSettings.describe(config.streamsProperties()), config.scoreSettings().batching().maxRecords(),
                config.scoreSettings().batching().maxWait().toMillis());
        streams = newStreams(topology);
        streamsMeters = new KafkaStreamsMetrics(streams);
        streamsMeters.bindTo(meters);
        lag = new ConsumerLag(topics.events().name(), () -> streams.metrics(), metrics.ingest(), meters);
        streams.start();
        supervisor.watchStartup(startedAt, modelsMs, this::state, restore);
        driftReports = new DriftReportWatcher(topics.driftReports().name(), config.clientConfig(),
                topics.driftReports().valueSerde().deserializer(), meters).start();
        alerts = new AlertWatcher(topics.alerts().name(), config.clientConfig(), topics.alerts().valueSerde().deserializer(),
                meters).start();

        return this;
    }

    /** A Kafka Streams instance of the topology, with this instance's handlers and listeners, not started. */
    private KafkaStreams newStreams(Topology t) {
        Properties props = config.streamsProperties();
        if (http != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedServer());
        }
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics.deadLetters());
        KafkaStreams s = new KafkaStreams(t, props);
        s.setUncaughtExceptionHandler(e -> {
            supervisor.threadFailed();
            threadFailures.increment();
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setGlobalStateRestoreListener(restore);
        s.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.ERROR) {
                supervisor.failed(s);
            }
        });
        return s;
    }

    /**
     * Replaces Kafka Streams after it went to ERROR (the global thread died: a store it cannot open, a broker it
     * could not reach for too long): the old instance closed, the global state dropped, a new instance of the same
     * topology started on the same state directory. Called by the supervisor, never on a stream thread.
     */
    private void recreateStreams(KafkaStreams failed) {
        failed.close(Duration.ofSeconds(30));
        localState.dropGlobal();
        localState.prepare(topology.describe(), config.exactlyOnce());
        restore.reset();
        KafkaStreams next = newStreams(DriftlineTopology.build(context, config.streamsProperties()));
        if (streamsMeters != null) {
            streamsMeters.close();
        }
        streamsMeters = new KafkaStreamsMetrics(next);
        streamsMeters.bindTo(meters);
        streams = next;
        next.start();
    }

    /** What Kafka Streams is restoring now, per store (empty once restored). */
    public java.util.Map<String, java.util.Map<String, Long>> restoring() {
        return restore.inProgress();
    }

    /** Stream threads dying this often (within {@value #THREAD_FAILURE_MINUTES} minutes) make the instance unready. */
    static final int THREAD_FAILURES_UNREADY = 3;
    static final int THREAD_FAILURE_MINUTES = 5;

    /**
     * Why the instance cannot make progress at all, so that only a restart can help (Kafka Streams failed too often
     * to be replaced again, or the model-update listener died), or null: {@code /health} says DOWN then.
     */
    public String failure() {
        if (supervisor.failure() != null) {
            return supervisor.failure();
        }
        ModelUpdateListener.Health models = listener.health();
        if (started && !models.alive()) {
            return "the model-update listener is dead (last failure: " + models.lastFailure() + ")";
        }
        return null;
    }

    /**
     * Why the instance should not get traffic now, or null: cannot make progress ({@link #failure()}), stream
     * threads dying again and again, Kafka Streams not running, stores restoring, an input partition stuck, or no
     * model serving.
     */
    public String notReadyReason() {
        String failure = failure();
        if (failure != null) {
            return failure;
        }
        int deaths = supervisor.threadFailuresWithin(THREAD_FAILURE_MINUTES);
        if (deaths >= THREAD_FAILURES_UNREADY) {
            return "stream threads died " + deaths + " times within " + THREAD_FAILURE_MINUTES + " minutes";
        }
        KafkaStreams.State state = state();
        if (state != KafkaStreams.State.RUNNING) {
            return "Kafka Streams is " + state;
        }
        if (!restore.inProgress().isEmpty()) {
            return "restoring state stores";
        }
        Map<String, Long> stuck = stuckPartitions();
        if (!stuck.isEmpty()) {
            return "input partitions stuck (records wait, none read for " + config.stuckAfter().toMillis() + " ms): "
                    + stuck;
        }
        if (!models.hasServingModel()) {
            return "no model serving yet";
        }
        return null;
    }

    /** Input partitions with waiting records and nothing read from them for the allowance, with their lag. */
    public Map<String, Long> stuckPartitions() {
        if (committedLag == null) {
            return Map.of();
        }
        // The partitions this instance reads (the consumers have lag metrics for them), with what is unprocessed
        // in each: committed offsets, not fetch positions, which reach the end as soon as records are buffered.
        List<ConsumerLag.PartitionLag> owned = lag();
        Map<TopicPartition, Long> unprocessed = committedLag.of(owned.stream()
                .map(l -> new TopicPartition(l.topic(), l.partition())).toList());
        List<ConsumerLag.PartitionLag> waiting = owned.stream().map(l -> new ConsumerLag.PartitionLag(l.topic(),
                l.partition(), unprocessed.getOrDefault(new TopicPartition(l.topic(), l.partition()), 0L),
                l.seconds())).toList();
        return stuck.update(waiting, System.currentTimeMillis());
    }

    /** The topology this instance runs. */
    public Topology topology() {
        return topology;
    }

    public Topics topics() {
        return topics;
    }

    public ModelRegistry models() {
        return models;
    }

    public ScoreMetrics scoreMetrics() {
        return metrics.score();
    }

    /** Every counter of the stages. */
    public DriftlineTopology.Metrics metrics() {
        return metrics;
    }

    /** The HTTP API's TLS, or null for plain http. */
    io.driftline.http.HttpTls httpTls() {
        return httpTls;
    }

    public SchemaRegistryClient registryClient() {
        return registryClient;
    }

    /** State of Kafka Streams, or null before start. */
    public KafkaStreams.State state() {
        return streams == null ? null : streams.state();
    }

    /** Deserializer of the model-update topic, for tools. */
    public org.apache.kafka.common.serialization.Serde<ModelUpdate> modelUpdateSerde() {
        return topics.modelUpdates().valueSerde();
    }

    /** The HTTP server's port, or -1 when it is off or not started. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** {@code host:port} other instances reach this one's HTTP API at (Kafka Streams' application.server). */
    String advertisedServer() {
        return config.httpAdvertisedHost() + ":" + http.port();
    }

    /** The running streams, or null before start. */
    KafkaStreams streams() {
        return streams;
    }

    /** The meter registry every meter of this instance is in. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Consumer lag per input partition, now (empty before start). */
    public java.util.List<ConsumerLag.PartitionLag> lag() {
        return lag == null ? java.util.List.of() : lag.refresh();
    }

    /** The settings the topology was built with. */
    DriftlineTopology.Settings settings() {
        return settings;
    }

    DriftlineConfig config() {
        return config;
    }

    /** The follower of the drift-reports topic (null before start). */
    public DriftReportWatcher driftReportWatcher() {
        return driftReports;
    }

    /** The follower of the alerts topic (null before start). */
    public AlertWatcher alertWatcher() {
        return alerts;
    }

    /** Open alerts, newest first (empty before start). */
    public java.util.List<io.driftline.Alert> openAlerts() {
        return alerts == null ? java.util.List.of() : alerts.openAlerts();
    }

    /** Recent drift reports per model (empty before start). */
    public java.util.Map<String, java.util.List<io.driftline.DriftReport>> driftReports() {
        return driftReports == null ? java.util.Map.of() : driftReports.recent();
    }

    /** Stops the HTTP server, streams, then the model listener, then the models. Never throws. */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (driftReports != null) {
            driftReports.close();
        }
        if (alerts != null) {
            alerts.close();
        }
        if (streamsMeters != null) {
            streamsMeters.close();
        }
        supervisor.close();
        if (streams != null) {
            // Leave the group: the partitions move to the other instances (or to this one when it restarts) at
            // once, instead of after the consumer session time-out (45 s by default) with nothing processed.
            boolean closed = streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            if (closed && streams.state() == KafkaStreams.State.NOT_RUNNING) {
                localState.markCleanStop(); // every store flushed and checkpointed: the next start trusts them
                log.info("Kafka Streams closed cleanly; the next start restores only what changed");
            } else {
                log.warn("Kafka Streams did not close cleanly within 30 s (state {}); the next start rebuilds what "
                        + "it cannot trust", streams.state());
            }
        }
        listener.close();
        if (instanceVerdicts != null) {
            instanceVerdicts.close();
        }
        if (committedLag != null) {
            committedLag.close();
        }
        models.close();
        try {
            registryClient.close();
        } catch (Exception e) {
            log.debug("Closing the registry client failed", e);
        }
    }

    /** The main consumer's long-poll wait as Kafka Streams will configure it (its prefixes win over the plain key). */
    static long mainConsumerFetchMaxWaitMs(java.util.Properties props) {
        for (String key : java.util.List.of(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
            Object value = props.get(key);
            if (value != null) {
                return Long.parseLong(value.toString().trim());
            }
        }
        return ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS;
    }
}

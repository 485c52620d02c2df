package io.driftline.devkit.demo;

import io.driftline.app.DriftlineConfig;
import io.driftline.app.DriftlineService;
import io.driftline.app.TopicProvisioner;
import io.driftline.app.metrics.RetrainRequestWatcher;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.MerchantModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.score.ServingModel;
import io.driftline.topology.topics.TopicNames;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Runs the whole demo in one process tree: a real KRaft broker (child JVM), the development Schema Registry,
 * the card profiles published to the profiles topic, the Driftline service with the demo model's window
 * aggregates configured, the demo's two models published as bundles (the fraud model on the events topic, the
 * merchant category model on its own topic, with its own output topic), a payment generator (with bad records when
 * asked) and a console report.
 */
public final class DemoRunner implements AutoCloseable {

    private final DemoSettings settings;
    private final PrintWriter out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile Summary summary;

    /**
     * What the demo saw, for tests and the closing line.
     *
     * @param eventsSent  good payments the broker took
     * @param badSent     bad records the broker took
     * @param deadLetters dead letters per code, as the service counted them
     */
    public record Summary(long eventsSent, long predictionsSeen, Map<String, String> servingVersions,
                          Map<String, Long> predictionsByVersion, long badSent, Map<DeadLetterCode, Long> deadLetters) {
    }

    public DemoRunner(DemoSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs until {@link #stop()} is called or the configured duration passes, then closes everything. */
    public Summary run() throws Exception {
        try {
            String bootstrap = settings.bootstrapServers();
            String registryUrl = settings.registryUrl();
            if (!settings.external()) {
                println("Starting a single-node KRaft Kafka broker (data in " + settings.dataDir().resolve("kafka") + ") ...");
                EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults()
                        .withDataDir(settings.dataDir().resolve("kafka"))
                        .withPort(settings.kafkaPort())
                        .withKeepData(true)
                        .withStopOnJvmExit(false)); // closed last, after the service, by run() on Ctrl-C
                resources.push(kafka);
                bootstrap = kafka.bootstrapServers();
                DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", settings.registryPort(),
                        settings.dataDir().resolve("schema-registry.json"));
                resources.push(registry);
                registryUrl = registry.url();
            }
            Map<String, Object> props = new HashMap<>(settings.connection()); // TLS, SASL, registry credentials
            props.put(DriftlineConfig.BOOTSTRAP_SERVERS, bootstrap);
            props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, registryUrl);
            props.put(DriftlineConfig.APPLICATION_ID, "driftline-demo");
            props.put(DriftlineConfig.STATE_DIR, settings.dataDir().resolve("state").toString());
            // Bundles over the inline limit are written under the data directory (model publish --external-dir).
            props.putIfAbsent(DriftlineConfig.MODELS_DIR, settings.dataDir().resolve("models").toString());
            props.put(DriftlineConfig.HTTP_PORT, settings.httpPort());
            props.put(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES); // the window aggregates the model reads
            // Drift windows short enough to tell the story in minutes; a small grace, as events arrive in real time.
            props.put(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, settings.window().toMillis());
            props.put(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, Math.min(2_000L, settings.window().toMillis() / 5));
            // The warm-up history is replayed behind the live payments: the aggregates must still take it in.
            props.put(DriftlineConfig.AGGREGATE_GRACE_MS, Math.max(60_000L, settings.warmUp().toMillis() + 60_000L));
            if (settings.labels()) {
                // The service joins the labels the demo sends: performance per window, concept drift alerts.
                props.put(DriftlineConfig.LABELS_ENABLED, true);
                props.put(DriftlineConfig.LABELS_MAX_DELAY_MS, Math.max(60_000L, 3 * settings.labelDelay().toMillis()));
                props.put(DriftlineConfig.CONCEPT_QUIET_MS, 3 * settings.window().toMillis());
            }
            DriftlineConfig config = new DriftlineConfig(props);

            DriftlineService service = new DriftlineService(config);
            resources.push(service);
            ConsoleReporter reporter = new ConsoleReporter(out);
            service.models().addListener(reporter::modelEvent);
            Serializer<GenericRecord> avro = AvroSerdes.generic(service.registryClient(), config.serdeConfig(), false)
                    .serializer();
            CardPopulation cards = CardPopulation.generate(settings.seed(),
                    CardPopulation.sizeForRate(settings.eventsPerSecond()));
            publishProfiles(config, cards, avro);
            String merchantEvents = config.topicNames().prefix() + MerchantModel.TOPIC;
            String merchantPredictions = config.topicNames().prefix() + MerchantModel.OUTPUT_TOPIC;
            if (config.createTopics()) {
                // The service reads the merchant topic by its ingest pattern once it exists, and would create the
                // output topic when the model deploys; created here first so the generator and watcher find them.
                for (String topic : List.of(merchantEvents, merchantPredictions)) {
                    TopicProvisioner.ensureTopic(config.clientConfig(), topic, config.topicPartitions(),
                            config.topicReplication());
                }
            }
            println("Starting Driftline (restoring models from " + service.topics().modelUpdates().name() + ") ...");
            service.start();
            ensureDemoModel(config, service);
            ensureMerchantModel(config, service);

            PredictionWatcher watcher = new PredictionWatcher(
                    List.of(service.topics().predictions().name(), merchantPredictions), config.clientConfig(),
                    service.topics().predictions().valueSerde().deserializer()).start();
            resources.push(watcher);
            String events = service.topics().events().name();
            BadRecords bad = new BadRecords(settings.badFraction(), settings.seed() + 2, Transactions.schema(),
                    service.registryClient(), events + "-bad-value");
            service.driftReportWatcher().addListener(reporter::driftReport);
            service.alertWatcher().addListener(reporter::alert);
            RetrainRequestWatcher retrains = new RetrainRequestWatcher(service.topics().retrainRequests().name(),
                    config.clientConfig(), service.topics().retrainRequests().valueSerde().deserializer())
                    .addListener(reporter::retrainRequest).start();
            resources.push(retrains);
            DriftSchedule.Factory drift = settings.drift() == null ? start -> DriftSchedule.none()
                    : start -> DriftSchedule.of(settings.drift(), start, settings.driftAt(), settings.driftFor(),
                            reporter::line);
            LabelSender labels = settings.labels() ? new LabelSender(service.topics().labels().name(),
                    settings.labelDelay(), service.topics().labels().valueSerde().serializer()) : null;
            EventGenerator generator = new EventGenerator(events, merchantEvents, cards, settings.seed() + 1, bad,
                    config.clientConfig(), avro, settings.warmUp(), drift, labels, reporter::line).start();
            resources.push(generator);
            reporter.attach(generator, watcher, service.metrics(), events);
            banner(bootstrap, registryUrl, config, cards, service.httpPort());

            long deadline = settings.duration() == null ? Long.MAX_VALUE
                    : System.nanoTime() + settings.duration().toNanos();
            while (System.nanoTime() < deadline) {
                long wait = Math.min(settings.reportInterval().toMillis(),
                        Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                    break;
                }
                reporter.report();
            }
            summary = new Summary(generator.sent(), watcher.seen(), watcher.latestVersions(), watcher.countsByVersion(),
                    generator.badSent(), service.metrics().deadLetters().snapshot());
            return summary;
        } finally {
            close();
        }
    }

    /**
     * Publishes the cards' profiles before the service starts, so that its profile table holds them all before
     * the first payment is joined (a global table is restored in full at start; later updates race with events).
     */
    private void publishProfiles(DriftlineConfig config, CardPopulation cards, Serializer<GenericRecord> avro) {
        if (config.createTopics()) { // created compacted, as the service would, before anything writes to it
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
        }
        String topic = config.topicNames().entityProfilesTopic();
        long started = System.nanoTime();
        ProfilePublisher.publish(topic, cards, config.clientConfig(), avro);
        println(String.format("Published %,d card profiles to '%s' in %.1f s", cards.size(), topic,
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * Trains and publishes the demo model unless a version that reads the demo's features serves already (a
     * data directory from an earlier demo keeps its models).
     */
    private void ensureDemoModel(DriftlineConfig config, DriftlineService service) throws Exception {
        String model = DemoModel.MODEL;
        ServingModel current = service.models().serving().stream()
                .filter(m -> m.model().equals(model) && !m.shadow()).findFirst().orElse(null);
        String version = "1";
        if (current != null) {
            if (current.manifest().getFeatures().equals(DemoModel.manifest().getFeatures())) {
                return;
            }
            version = nextVersion(current.version());
            println("'" + model + "' v" + current.version() + " in " + settings.dataDir()
                    + " reads other features than this demo's data; replacing it with v" + version);
        }
        println("Training the demo model '" + model + "' v" + version + " with Tribuo and publishing it as a bundle ...");
        try (BundlePublisher publisher = new BundlePublisher(service.topics().modelUpdates().name(),
                config.clientConfig(), service.modelUpdateSerde().serializer())) {
            publisher.publish(DemoModel.train(version, settings.seed(), 5_000));
        }
    }

    /**
     * Trains and publishes the merchant category model as a team publishes its own (ONNX file, manifest and
     * training file, the reference built from the file), unless a version that reads the same features serves.
     */
    private void ensureMerchantModel(DriftlineConfig config, DriftlineService service) throws Exception {
        ServingModel current = service.models().serving().stream()
                .filter(m -> m.model().equals(MerchantModel.MODEL) && !m.shadow()).findFirst().orElse(null);
        String version = "1";
        if (current != null) {
            if (current.manifest().getFeatures().equals(MerchantModel.manifest(List.of()).getFeatures())) {
                return;
            }
            version = nextVersion(current.version());
        }
        Path dir = settings.dataDir().resolve(MerchantModel.MODEL);
        println("Training the merchant category model '" + MerchantModel.MODEL + "' v" + version
                + " with Tribuo; its ONNX file, manifest and training rows go to " + dir + " ...");
        MerchantDemoModel.Built built = MerchantDemoModel.build(version, settings.seed(), MerchantDemoModel.TRAINING_ROWS,
                dir);
        println(String.format("Reference profile from %s: %,d rows, %,d labelled, performance %s, %d golden examples",
                MerchantDemoModel.TRAINING_FILE, built.reference().rows(), built.reference().labelled(),
                built.reference().profile().getPerformance(), built.reference().golden().size()));
        println("  (the same as: " + MerchantDemoModel.command(dir, version) + ")");
        try (BundlePublisher publisher = new BundlePublisher(service.topics().modelUpdates().name(),
                config.clientConfig(), service.modelUpdateSerde().serializer())) {
            publisher.publish(built.bundle());
        }
    }

    private static String nextVersion(String version) {
        try {
            return Long.toString(Long.parseLong(version) + 1);
        } catch (NumberFormatException e) {
            return version + "-demo";
        }
    }

    private void banner(String bootstrap, String registryUrl, DriftlineConfig config, CardPopulation cards,
                        int httpPort) {
        TopicNames topics = config.topicNames();
        println("----------------------------------------------------------------------");
        println("Driftline demo is running.");
        println("  Kafka bootstrap servers : " + bootstrap);
        println("  Schema Registry         : " + registryUrl);
        if (httpPort >= 0) {
            println("  Dashboard               : http://" + config.httpHost() + ":" + httpPort
                    + "/ (API /api/summary, Prometheus metrics /metrics)");
        }
        println("  Topics                  : " + topics.all());
        println(String.format("  Events                  : about %d/s of card payments from %,d cards to '%s', keyed by card id",
                settings.eventsPerSecond(), cards.size(), topics.eventsTopic()));
        println("  Enrichment              : card profiles from '" + topics.entityProfilesTopic()
                + "'; per-card windows " + DemoModel.AGGREGATES);
        println("  Model features          : " + DemoModel.manifest().getFeatures().stream()
                .map(f -> f.getField().toString()).collect(Collectors.joining(", ")));
        println("  Second model            : '" + MerchantModel.MODEL + "' (multiclass: the merchant's category) on the"
                + " acquirer's copy of each payment in '" + topics.prefix() + MerchantModel.TOPIC + "', keyed by merchant;"
                + " predictions to '" + topics.prefix() + MerchantModel.OUTPUT_TOPIC + "'");
        println("  Drift windows           : " + DemoDurations.format(settings.window()) + " of event time, reports to '"
                + topics.driftReportsTopic() + "', alerts to '" + topics.alertsTopic() + "', retrain requests to '"
                + topics.retrainRequestsTopic() + "'");
        if (!settings.warmUp().isZero()) {
            println("  Warm-up                 : the last " + DemoDurations.format(settings.warmUp())
                    + " of payments replayed first, so the per-card windows start full");
        }
        if (settings.drift() != null) {
            println("  Drift                   : " + settings.drift().describe() + ", from "
                    + DemoDurations.format(settings.driftAt()) + " after the start"
                    + (settings.driftFor() == null ? " until the end" : " for " + DemoDurations.format(settings.driftFor())));
        }
        if (settings.labels()) {
            println("  Labels                  : each payment's outcome (fraud/legit) to '" + topics.labelsTopic()
                    + "' " + DemoDurations.format(settings.labelDelay()) + " after it, keyed by transaction id");
        }
        if (settings.badFraction() > 0) {
            println(String.format("  Bad records             : %s of events (JSON, unknown schema id, truncated, no amount,"
                    + " NaN amount, tombstone) to '%s', each expected in '%s'", percent(settings.badFraction()),
                    topics.eventsTopic(), topics.eventsDlqTopic()));
        }
        println("  Publish a new version   : ./driftline model publish --demo --version 2"
                + (settings.external() || settings.kafkaPort() != 9092 ? " --bootstrap-servers " + bootstrap : "")
                + (settings.external() || settings.registryPort() != 8081 ? " --schema-registry-url " + registryUrl : ""));
        println("  Stop                    : Ctrl-C");
        println("----------------------------------------------------------------------");
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString() + "%";
    }

    private void println(String text) {
        out.println("[driftline] " + text);
        out.flush();
    }

    /** Asks a running demo to stop; {@link #run()} then closes everything and returns. */
    public void stop() {
        stop.countDown();
    }

    /** The summary once the demo has stopped, or null. */
    public Summary summary() {
        return summary;
    }

    /** Closes what was started, newest first. Never throws. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                out.println("[driftline] closing " + resource.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        out.flush();
    }
}

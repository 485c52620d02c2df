package io.driftline.app.demo;

import io.driftline.app.DriftlineConfig;
import io.driftline.app.DriftlineService;
import io.driftline.app.embedded.EmbeddedKafka;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.models.demo.DemoModel;
import io.driftline.schemas.registry.dev.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole demo in one process tree: a real KRaft broker (child JVM), the development Schema Registry,
 * the Driftline service, the demo model published as a bundle, an event generator and a console report.
 */
public final class DemoRunner implements AutoCloseable {

    private final DemoSettings settings;
    private final PrintWriter out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile Summary summary;

    /** What the demo saw, for tests and the closing line. */
    public record Summary(long eventsSent, long predictionsSeen, Map<String, String> servingVersions,
                          Map<String, Long> predictionsByVersion) {
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
            Map<String, Object> props = new HashMap<>();
            props.put(DriftlineConfig.BOOTSTRAP_SERVERS, bootstrap);
            props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, registryUrl);
            props.put(DriftlineConfig.APPLICATION_ID, "driftline-demo");
            props.put(DriftlineConfig.STATE_DIR, settings.dataDir().resolve("state").toString());
            DriftlineConfig config = new DriftlineConfig(props);

            DriftlineService service = new DriftlineService(config);
            resources.push(service);
            ConsoleReporter reporter = new ConsoleReporter(out);
            service.models().addListener(reporter::modelEvent);
            println("Starting Driftline (restoring models from " + service.topics().modelUpdates().name() + ") ...");
            service.start();

            String model = DemoModel.MODEL;
            if (service.models().currentVersion(model) == null) {
                println("Training the demo model '" + model + "' v1 with Tribuo and publishing it as a bundle ...");
                try (BundlePublisher publisher = new BundlePublisher(service.topics().modelUpdates().name(),
                        config.clientConfig(), service.modelUpdateSerde().serializer())) {
                    publisher.publish(DemoModel.train("1", settings.seed(), 5_000));
                }
            }
            PredictionWatcher watcher = new PredictionWatcher(service.topics().predictions().name(), config.clientConfig(),
                    service.topics().predictions().valueSerde().deserializer()).start();
            resources.push(watcher);
            EventGenerator generator = new EventGenerator(service.topics().events().name(), settings.eventsPerSecond(),
                    settings.seed() + 1, config.clientConfig(),
                    AvroSerdes.generic(service.registryClient(), config.serdeConfig(), false).serializer()).start();
            resources.push(generator);
            reporter.attach(generator, watcher, service.scoreMetrics());
            banner(bootstrap, registryUrl, config);

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
            summary = new Summary(generator.sent(), watcher.seen(), watcher.latestVersions(), watcher.countsByVersion());
            return summary;
        } finally {
            close();
        }
    }

    private void banner(String bootstrap, String registryUrl, DriftlineConfig config) {
        println("----------------------------------------------------------------------");
        println("Driftline demo is running.");
        println("  Kafka bootstrap servers : " + bootstrap);
        println("  Schema Registry         : " + registryUrl);
        println("  Topics                  : " + config.topicNames().all());
        println("  Events                  : " + settings.eventsPerSecond() + "/s of payment transactions to '"
                + config.topicNames().eventsTopic() + "'");
        println("  Publish a new version   : ./driftline model publish --demo --version 2"
                + (settings.external() || settings.kafkaPort() != 9092 ? " --bootstrap-servers " + bootstrap : "")
                + (settings.external() || settings.registryPort() != 8081 ? " --schema-registry-url " + registryUrl : ""));
        println("  Stop                    : Ctrl-C");
        println("----------------------------------------------------------------------");
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

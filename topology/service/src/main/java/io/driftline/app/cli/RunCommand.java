package io.driftline.app.cli;

import io.driftline.app.DriftlineConfig;
import io.driftline.app.DriftlineService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline run}: the service alone, against an existing cluster and registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Driftline service against an existing Kafka cluster and Schema Registry.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = {"-c", "--config"}, description = "Properties file: Driftline keys and any Kafka Streams property.")
    Path configFile;

    @Option(names = {"-p", "--property"}, description = "One setting, key=value; overrides the file.")
    Map<String, String> properties = new HashMap<>();

    @Option(names = "--http-port", description = "Port of the HTTP API, metrics and dashboard (default: 8080; 0 = any free port, -1 = off).")
    Integer httpPort;

    @Option(names = "--state-dir", description = "Directory of the local state stores (default: "
            + DriftlineConfig.DEFAULT_STATE_DIR + "; overrides state.dir of the file).")
    Path stateDir;

    @Option(names = "--duration", description = "Stop after this long (e.g. 10m); default: until Ctrl-C or SIGTERM.")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(DriftlineConfig.BOOTSTRAP_SERVERS, connection.bootstrapServers);
        props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, connection.schemaRegistryUrl);
        if (configFile != null) {
            props.putAll(load(configFile));
        }
        props.putAll(properties);
        if (httpPort != null) {
            props.put(DriftlineConfig.HTTP_PORT, httpPort);
        }
        if (stateDir != null) {
            props.put(DriftlineConfig.STATE_DIR, stateDir.toString());
        }
        DriftlineConfig config = new DriftlineConfig(props);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "driftline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (DriftlineService service = new DriftlineService(config)) {
            service.start();
            spec.commandLine().getOut().printf("[driftline] running: Kafka %s, registry %s, events from '%s'%s%n",
                    config.bootstrapServers(), config.schemaRegistryUrl(), config.topicNames().eventsTopic(),
                    service.httpPort() < 0 ? "" : ", dashboard and API on http://" + config.httpHost() + ":"
                            + service.httpPort() + "/ (metrics at /metrics)");
            spec.commandLine().getOut().flush();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is running
            }
        }
        spec.commandLine().getOut().println("[driftline] stopped");
        spec.commandLine().getOut().flush();
        return 0;
    }

    static Map<String, Object> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        Map<String, Object> out = new HashMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }
}

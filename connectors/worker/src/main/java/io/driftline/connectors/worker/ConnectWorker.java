package io.driftline.connectors.worker;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Connect worker in distributed mode, in this JVM, from Apache Kafka's own {@code connect-runtime}: its
 * connector configurations, offsets and statuses live in Kafka topics, so a restarted worker (or a second one with
 * the same group) carries on where the first stopped, and its REST API is Connect's own.
 *
 * <p>What Driftline's topics need of every worker: values in the Confluent wire format
 * ({@code DriftlineAvroConverter}), string keys, and {@code read_committed} consumers, because Driftline writes its
 * output topics in exactly-once transactions and a sink reading uncommitted would act on aborted alerts.
 */
public final class ConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);

    /** The converter class, loaded by the worker from the plugin folder, never from this module's classpath. */
    public static final String AVRO_CONVERTER = "io.driftline.connectors.avro.DriftlineAvroConverter";

    private final Connect<?> connect;
    private final URI restUrl;

    private ConnectWorker(Connect<?> connect, URI restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
    }

    /**
     * What a worker is started with.
     *
     * @param bootstrapServers Kafka
     * @param registryUrl the Schema Registry the converter reads and writes schemas in
     * @param pluginPath folders of plugin folders (each must exist)
     * @param host REST listener host
     * @param restPort REST listener port (0: any free one)
     * @param groupId the Connect cluster's group; its internal topics are named after it
     * @param replicationFactor of the internal topics (1 on a single broker)
     * @param overrides further worker properties (security settings, say), applied last
     */
    public record Settings(String bootstrapServers, String registryUrl, List<Path> pluginPath, String host,
            int restPort, String groupId, short replicationFactor, Map<String, String> overrides) {

        public Settings {
            pluginPath = List.copyOf(pluginPath);
            overrides = Map.copyOf(overrides);
        }

        /** The worker's properties. */
        public Map<String, String> workerProperties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("bootstrap.servers", bootstrapServers);
            p.put("group.id", groupId);
            p.put("config.storage.topic", groupId + "-configs");
            p.put("offset.storage.topic", groupId + "-offsets");
            p.put("status.storage.topic", groupId + "-status");
            p.put("config.storage.replication.factor", Short.toString(replicationFactor));
            p.put("offset.storage.replication.factor", Short.toString(replicationFactor));
            p.put("status.storage.replication.factor", Short.toString(replicationFactor));
            p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("value.converter", AVRO_CONVERTER);
            p.put("value.converter.schema.registry.url", registryUrl);
            p.put("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
            p.put("listeners", "http://" + host + ":" + restPort);
            // Driftline's output topics are written in transactions: never hand a sink an aborted record.
            p.put("consumer.isolation.level", "read_committed");
            // Secrets in connector configs as ${env:NAME} or ${file:/path:key}, resolved by the worker, so they
            // are stored in the config topic and shown by the REST API as references only.
            p.put("config.providers", "env,file");
            p.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
            p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
            p.put("connector.client.config.override.policy", "All");
            p.put("offset.flush.interval.ms", "5000");
            // Every plugin here declares itself in META-INF/services: no reflective scan of the plugin folders,
            // which takes seconds and logs errors for Debezium classes unrelated to the JDBC sink.
            p.put("plugin.discovery", "service_load");
            p.putAll(overrides);
            // A TLS or SASL broker: the worker's own clients read these keys bare, its tasks' producers, consumers
            // and admin clients only under their prefixes; one setting given once reaches them all.
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                String key = e.getKey();
                if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    for (String prefix : new String[] {"producer.", "consumer.", "admin."}) {
                        p.putIfAbsent(prefix + key, e.getValue());
                    }
                }
            }
            return p;
        }
    }

    /** Starts a worker and returns once its REST API answers; the herder joins the group in the background. */
    public static ConnectWorker start(Settings settings) {
        for (Path folder : settings.pluginPath()) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("Plugin folder " + folder + " does not exist: build the connectors"
                        + " first (mvn -DskipTests package lays out connectors/plugin/target/plugin and"
                        + " connectors/jdbc-plugin/target/plugin)");
            }
        }
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        Connect<?> connect;
        try {
            connect = new ConnectDistributed().startConnect(settings.workerProperties());
        } finally {
            // startConnect swaps in the plugins' delegating loader; the caller's thread keeps its own.
            Thread.currentThread().setContextClassLoader(caller);
        }
        URI url = connect.rest().advertisedUrl();
        log.info("Kafka Connect worker {} listening on {} (plugins from {})", settings.groupId(), url,
                settings.pluginPath());
        return new ConnectWorker(connect, url);
    }

    /** The REST API's base URL, e.g. {@code http://localhost:8083/}. */
    public URI restUrl() {
        return restUrl;
    }

    /** Stops the worker: its sink tasks commit their offsets and close. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}

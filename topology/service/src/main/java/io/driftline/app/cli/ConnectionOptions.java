package io.driftline.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where Kafka and the Schema Registry are, and how to reach them securely; shared by every command that talks to
 * them. {@code --client-config} names a properties file as Kafka's own tools take it ({@code --command-config}):
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} go to every Kafka client the command makes,
 * {@code basic.auth.user.info} (and any {@code schema.registry.*} key) to the registry client.
 */
public final class ConnectionOptions {

    /** The registry keys a client-config file may hold; everything else is for Kafka. */
    static final String BASIC_AUTH = "basic.auth.user.info";

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "http://localhost:8081",
            description = "Schema Registry URL, Confluent REST API (default: ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    @Option(names = "--client-config", description = "Properties file for TLS/SASL to Kafka (security.protocol, "
            + "sasl.*, ssl.*) and basic auth to the registry (basic.auth.user.info).")
    Path clientConfig;

    /** The Kafka bootstrap servers given (or the default). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The Schema Registry URL given (or the default). */
    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** Settings for a Kafka client: the bootstrap servers and the file's Kafka keys. */
    public Map<String, Object> kafkaConfig() {
        Map<String, Object> out = new HashMap<>();
        file().forEach((k, v) -> {
            if (!isRegistryKey(k)) {
                out.put(k, v);
            }
        });
        out.put("bootstrap.servers", bootstrapServers);
        return out;
    }

    /** Every key of {@code --client-config} (empty without one): Kafka's and the registry's, for a service config. */
    public Map<String, Object> securityConfig() {
        return new HashMap<>(file());
    }

    /** Settings for the registry client and serdes: the URL and the file's registry keys. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> out = new HashMap<>();
        file().forEach((k, v) -> {
            if (isRegistryKey(k)) {
                out.put(k, v);
            }
        });
        out.put("schema.registry.url", schemaRegistryUrl);
        return out;
    }

    /**
     * The Kafka principal a command authenticates as, {@code User:<name>}, when its client config logs in with SASL
     * (the {@code username} of {@code sasl.jaas.config}, as PLAIN and SCRAM take it); null otherwise.
     */
    public String saslPrincipal() {
        Object jaas = kafkaConfig().get("sasl.jaas.config");
        if (jaas == null) {
            return null;
        }
        java.util.regex.Matcher user = java.util.regex.Pattern.compile("username\\s*=\\s*\"([^\"]+)\"")
                .matcher(jaas.toString());
        return user.find() ? "User:" + user.group(1) : null;
    }

    /** Who a command acts as: {@code given}, else the SASL principal, else the OS user and host. */
    public String actor(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String principal = saslPrincipal();
        if (principal != null) {
            return principal;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return System.getProperty("user.name") + "@" + host;
    }

    private static boolean isRegistryKey(String key) {
        return key.equals(BASIC_AUTH) || key.startsWith("basic.auth.") || key.startsWith("schema.registry.");
    }

    private Map<String, String> file() {
        if (clientConfig == null) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(clientConfig)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read --client-config " + clientConfig + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k)));
        return out;
    }
}

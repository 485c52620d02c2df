package io.driftline.app.cli;

import picocli.CommandLine.Option;

/** Where Kafka and the Schema Registry are; shared by every command that talks to them. */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "http://localhost:8081",
            description = "Schema Registry URL, Confluent REST API (default: ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    /** The Kafka bootstrap servers given (or the default). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The Schema Registry URL given (or the default). */
    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }
}

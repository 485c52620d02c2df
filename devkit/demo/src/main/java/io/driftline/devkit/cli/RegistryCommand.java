package io.driftline.devkit.cli;

import io.driftline.devkit.registry.DevSchemaRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline registry}: the development Schema Registry alone (Confluent REST subset). */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Run the development Schema Registry (Confluent REST API subset) on its own.")
public final class RegistryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8081", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--store", defaultValue = ".driftline/schema-registry.json",
            description = "File that keeps schemas across restarts (default: ${DEFAULT-VALUE}).")
    Path store;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", port, store.toAbsolutePath())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            spec.commandLine().getOut().println("Schema Registry listening on " + registry.url());
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }
}

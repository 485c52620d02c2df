package io.driftline.app.cli;

import io.driftline.ModelAuditEvent;
import io.driftline.app.AuditTrail;
import io.driftline.app.ModelLifecycle;
import io.driftline.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline model list}: every model, what serves, what shadows it, since when; from the audit trail. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every model with its serving version, its shadow and since when, and its last rejection, "
                + "replayed from the model-audit topic (durable: the same from anywhere, after every restart).")
final class ModelListCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--topic", defaultValue = "model-audit", description = "Model audit topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<ModelAuditEvent> entries;
        try {
            entries = AuditTrail.read(connection.kafkaConfig(), topic,
                    AvroSerdes.specific(ModelAuditEvent.class,
                            connection.serdeConfig(), false).deserializer(),
                    null, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        List<ModelLifecycle.State> states = ModelLifecycle.replay(entries);
        if (states.isEmpty()) {
            spec.commandLine().getOut().println("No models in " + topic);
        }
        states.forEach(s -> spec.commandLine().getOut().println(ModelLifecycle.line(s)));
        return 0;
    }
}

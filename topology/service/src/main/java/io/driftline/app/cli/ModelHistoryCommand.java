package io.driftline.app.cli;

import io.driftline.ModelAuditEvent;
import io.driftline.app.AuditTrail;
import io.driftline.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline model history}: a model's lifecycle as the model-audit topic records it. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print a model's lifecycle from the model-audit topic: every deploy, shadow, rejection and "
                + "retirement, who published it and why it was decided so. Answers from the topic, not from any "
                + "instance's memory, so it holds after every restart.")
final class ModelHistoryCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--topic", defaultValue = "model-audit", description = "Model audit topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--verdicts-topic", description = "Each instance's verdicts (default: the audit topic's name "
            + "followed by -verdicts).")
    String verdictsTopic;

    @Option(names = "--model", description = "Model name (default: every model).")
    String model;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> serde = connection.serdeConfig();
        List<ModelAuditEvent> entries;
        try {
            entries = AuditTrail.read(connection.kafkaConfig(), topic,
                    AvroSerdes.specific(ModelAuditEvent.class, serde, false).deserializer(), model,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        if (entries.isEmpty()) {
            spec.commandLine().getOut().println("No entries" + (model == null ? "" : " for model " + model)
                    + " in " + topic);
        }
        Map<String, List<ModelAuditEvent>> verdicts = AuditTrail.instanceVerdicts(connection.kafkaConfig(),
                verdictsTopic != null ? verdictsTopic : topic + "-verdicts",
                AvroSerdes.specific(ModelAuditEvent.class, serde, false).deserializer(), model,
                Duration.ofSeconds(timeoutSeconds));
        entries.forEach(e -> spec.commandLine().getOut().println(AuditTrail.line(e,
                verdicts.getOrDefault(e.getEventId().toString(), List.of()))));
        return 0;
    }
}

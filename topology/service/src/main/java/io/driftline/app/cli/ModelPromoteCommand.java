package io.driftline.app.cli;

import io.driftline.ModelAuditEvent;
import io.driftline.app.AuditTrail;
import io.driftline.app.LifecycleRequests;
import io.driftline.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline model promote} and {@code rollback}: champion switches from the archive of verified bundles. */
final class ModelPromoteCommand {

    private ModelPromoteCommand() {
    }

    /** What both commands take. */
    static class Common {
        @CommandLine.Mixin
        ConnectionOptions connection = new ConnectionOptions();

        @Option(names = "--model", required = true, description = "Model name.")
        String model;

        @Option(names = "--actor", description = "Who asks, as the audit trail records it (default: user@host).")
        String actor;

        @Option(names = "--topic-prefix", defaultValue = "", description = "Driftline's topic prefix, if any.")
        String prefix;

        @Option(names = "--timeout-seconds", defaultValue = "60",
                description = "How long to wait for the switch to be recorded (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        LifecycleRequests requests() {
            return new LifecycleRequests(connection.kafkaConfig(),
                    new LifecycleRequests.Topics(prefix + "model-updates", prefix + "model-audit",
                            prefix + "model-bundles"),
                    AvroSerdes.specific(ModelAuditEvent.class,
                            connection.serdeConfig(), false).deserializer(),
                    Duration.ofSeconds(timeoutSeconds));
        }

        String actor() {
            return connection.actor(actor);
        }

        int report(String what, java.util.function.Supplier<LifecycleRequests.Outcome> request) {
            LifecycleRequests.Outcome outcome;
            try {
                outcome = request.get();
            } catch (IllegalArgumentException | IllegalStateException e) {
                spec.commandLine().getErr().println("Cannot " + what + ": " + e.getMessage());
                return 2;
            }
            if (outcome.entry() == null) {
                spec.commandLine().getErr().println("Published the " + what + " of " + model + " v"
                        + outcome.version() + "; no instance recorded it within " + timeoutSeconds + " s (is "
                        + "Driftline running?)");
                return 1;
            }
            spec.commandLine().getOut().println(AuditTrail.line(outcome.entry()));
            return outcome.switched() ? 0 : 1;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Serve the model's shadow (challenger) as champion on every instance: its verified bundle "
                    + "from the model-bundles archive, published again as it was; recorded as PROMOTED.")
    static final class Promote extends Common implements Callable<Integer> {

        @Option(names = "--version", required = true, description = "The shadow version to promote.")
        String version;

        @Override
        public Integer call() {
            return report("promotion", () -> requests().promote(model, version, actor()));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Serve an earlier champion again on every instance, from the model-bundles archive "
                    + "(nothing to upload); recorded as ROLLED_BACK.")
    static final class Rollback extends Common implements Callable<Integer> {

        @Option(names = "--to", description = "The version to serve (default: the champion before the current one).")
        String to;

        @Override
        public Integer call() {
            return report("rollback", () -> requests().rollback(model, to, actor()));
        }
    }
}

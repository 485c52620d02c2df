package io.driftline.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftline} command line: demo, run, model publish, registry. */
@Command(name = "driftline", mixinStandardHelpOptions = true, version = "Driftline 0.1.0",
        description = "Streaming inference and drift detection on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, ModelCommand.class, RegistryCommand.class})
public final class DriftlineCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line (tests run commands through it with their own output writers). */
    public static CommandLine commandLine() {
        return new CommandLine(new DriftlineCli()).setCaseInsensitiveEnumValuesAllowed(true)
                // Typed durations: a bad value is a usage error naming the option, not a stack trace.
                .registerConverter(java.time.Duration.class, Durations::parse);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

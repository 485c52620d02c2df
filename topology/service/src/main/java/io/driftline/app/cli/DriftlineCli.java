package io.driftline.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The service's {@code driftline} command line: {@code run} and {@code model publish}. The dev kit's command line
 * ({@code io.driftline.devkit.cli.DevCli}, what {@code ./driftline} runs) adds {@code demo} and {@code registry}.
 */
@Command(name = "driftline", mixinStandardHelpOptions = true, version = "Driftline 0.1.0",
        description = "Streaming inference and drift detection on Kafka Streams.",
        subcommands = {RunCommand.class, ModelCommand.class})
public final class DriftlineCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line (tests run commands through it with their own output writers). */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new DriftlineCli()));
    }

    /** The settings every Driftline command line shares (the dev kit's too). */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                // Typed durations: a bad value is a usage error naming the option, not a stack trace.
                .registerConverter(java.time.Duration.class, Durations::parse);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

package io.driftline.devkit.cli;

import io.driftline.app.cli.DriftlineCli;
import picocli.CommandLine;

/**
 * What {@code ./driftline} runs: the service's command line ({@code run}, {@code model publish}) plus the dev
 * kit's {@code demo} and {@code registry}. The service jar alone has only the first two.
 */
public final class DevCli {

    private DevCli() {
    }

    /** The service's command line with the dev kit's commands added (tests run commands through it). */
    public static CommandLine commandLine() {
        CommandLine commandLine = DriftlineCli.commandLine();
        commandLine.addSubcommand(DriftlineCli.configure(new CommandLine(new DemoCommand())));
        commandLine.addSubcommand(DriftlineCli.configure(new CommandLine(new RegistryCommand())));
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

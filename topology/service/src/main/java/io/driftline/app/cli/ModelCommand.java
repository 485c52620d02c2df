package io.driftline.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code driftline model ...}: model bundle tools. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model bundle tools.",
        subcommands = {ModelPublishCommand.class, ModelListCommand.class, ModelHistoryCommand.class,
            ModelPromoteCommand.Promote.class, ModelPromoteCommand.Rollback.class,
            ModelKeygenCommand.class})
final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

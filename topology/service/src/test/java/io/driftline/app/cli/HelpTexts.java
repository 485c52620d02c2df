package io.driftline.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Picocli passes every help text through {@link String#format}; a bare {@code %} ("70% of") is a broken format
 * specifier, and picocli then prints a {@code [picocli WARN]} to standard error for each such text on every
 * {@code --help}, and the text unformatted (so the rendered help alone cannot tell).
 */
public final class HelpTexts {

    private HelpTexts() {
    }

    /**
     * What picocli writes to standard error while it renders the help of the command and of all its subcommands:
     * empty when every text formats. Picocli's tracer reads {@link System#err} each time it warns.
     */
    public static synchronized String warnings(CommandLine commandLine) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            render(commandLine);
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void render(CommandLine commandLine) {
        String usage = commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
        if (usage.isBlank()) {
            throw new IllegalStateException(commandLine.getCommandName() + " rendered no help");
        }
        commandLine.getSubcommands().values().forEach(HelpTexts::render);
    }
}

package io.driftline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DriftlineCliHelpTest {

    @Test
    void shouldRenderEveryCommandsHelpWithoutAPicocliWarning() {
        assertThat(HelpTexts.warnings(DriftlineCli.commandLine())).isEmpty();
    }

    @CommandLine.Command(name = "bad", subcommands = BadSub.class)
    static class Bad {
        @CommandLine.Option(names = "--ok", description = "100%% sure, ${DEFAULT-VALUE}%n", defaultValue = "3")
        int ok;
    }

    @CommandLine.Command(name = "sub")
    static class BadSub {
        @CommandLine.Option(names = "--rate", description = "at 70% of the rate")
        int rate;
    }

    @Test
    void shouldCatchABarePercentSignInASubcommandsOption() {
        assertThat(HelpTexts.warnings(new CommandLine(new Bad()))).contains("[picocli WARN]", "at 70% of the rate")
                .doesNotContain("100%");
    }
}

package io.driftline.devkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.app.cli.HelpTexts;
import org.junit.jupiter.api.Test;

/** {@code ./driftline --help} and every subcommand's, {@code demo} and {@code registry} included. */
class DevCliHelpTest {

    @Test
    void shouldFormatEveryHelpTextWithoutAPicocliWarning() {
        assertThat(HelpTexts.warnings(DevCli.commandLine())).isEmpty();
    }
}

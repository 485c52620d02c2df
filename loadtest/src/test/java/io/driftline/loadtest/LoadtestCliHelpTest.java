package io.driftline.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.app.cli.HelpTexts;
import io.driftline.loadtest.crash.CrashCommand;
import io.driftline.loadtest.throughput.ThroughputCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./driftline loadtest <command> --help} prints its options without a picocli warning. */
class LoadtestCliHelpTest {

    @Test
    void shouldFormatEveryHelpTextOfEveryLoadtestCommand() {
        assertThat(HelpTexts.warnings(new CommandLine(new ThroughputCommand()))).isEmpty();
        assertThat(HelpTexts.warnings(new CommandLine(new CrashCommand()))).isEmpty();
        assertThat(HelpTexts.warnings(new CommandLine(new DetectorBenchmark()))).isEmpty();
    }
}

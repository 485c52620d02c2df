package io.driftline.loadtest.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The broker stopped for 15 s and started again mid-stream, the service running under exactly-once meanwhile. */
class BrokerBounceIT {

    @Test
    void shouldLoseAndDuplicateNothingWhenTheBrokerBouncesMidStream() throws Exception {
        Path work = Files.createTempDirectory("driftline-bounce-it");
        CrashSoak.Result result = new CrashSoak(new CrashSoak.Settings(0, 1, 8_000, 200, Duration.ofSeconds(15),
                CrashRestartIT.serviceJar(), work, 7), System.err).run();
        result.print(System.out);

        assertThat(result.lost()).as("events with no committed prediction").isZero();
        assertThat(result.duplicated()).as("duplicated predictions").isZero();
        assertThat(result.deadLettered()).isEqualTo(result.badRecords());
        assertThat(result.deadLetterDuplicates()).isZero();
        assertThat(result.windowErrors()).isEmpty();
        WorkDirs.delete(work); // kept when an assertion failed, with the service's log, for a look
    }
}

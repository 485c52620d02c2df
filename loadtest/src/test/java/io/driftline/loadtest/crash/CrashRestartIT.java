package io.driftline.loadtest.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The restart promise on a real broker, the service in a child JVM started as users start it ({@code driftline run
 * -c file}, exactly-once): five kill -9 (during start-up, with a transaction open, at random), each followed by a
 * start on the same state directory while events are produced, then two SIGTERM restarts and a final start.
 * Afterwards nothing is lost, duplicated or miscounted.
 */
class CrashRestartIT {

    @Test
    void shouldLoseDuplicateAndMiscountNothingAcrossKillsAndStops() throws Exception {
        Path work = Files.createTempDirectory("driftline-crash-it");
        CrashSoak.Result result = new CrashSoak(new CrashSoak.Settings(5, 2, 15_000, 250, Duration.ZERO, serviceJar(),
                work, 42), System.err).run();
        result.print(System.out);

        assertThat(result.stops()).contains(CrashSoak.Stop.KILL_DURING_STARTUP, CrashSoak.Stop.KILL_MID_TRANSACTION,
                CrashSoak.Stop.SIGTERM);
        assertThat(result.goodEvents()).isEqualTo(15_000);
        assertThat(result.lost()).as("events with no committed prediction").isZero();
        assertThat(result.duplicated()).as("duplicated predictions").isZero();
        assertThat(result.deadLettered()).as("bad records in the DLQ").isEqualTo(result.badRecords()).isPositive();
        assertThat(result.deadLetterDuplicates()).as("bad records in the DLQ twice").isZero();
        assertThat(result.windowErrors()).as("drift windows miscounted, missing or reported twice").isEmpty();
        assertThat(result.windowsReported()).isGreaterThanOrEqualTo(10);
        assertThat(result.restoredAfterSigterm()).as("a clean stop leaves nothing to restore").hasSize(2)
                .containsOnly(0L);
        WorkDirs.delete(work); // kept when an assertion failed, with the service's log, for a look
    }

    static Path serviceJar() {
        Path jar = Path.of(System.getProperty("driftline.service.jar", "../topology/service/target/driftline.jar"));
        assertThat(jar).as("the service jar (mvn package builds it)").exists();
        return jar.toAbsolutePath();
    }
}

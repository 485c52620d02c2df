package io.driftline.loadtest.crash;

import io.driftline.devkit.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline loadtest crash}: the restart soak from the command line; exit 0 only when it was clean. */
@Command(name = "crash", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kill -9 and restart the service again and again under load on a real broker, then count: "
                + "lost, duplicated, dead-lettered, drift windows against a recount, start-up times.")
public final class CrashCommand implements Callable<Integer> {

    @Option(names = "--kills", description = "kill -9s (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int kills;
    @Option(names = "--sigterms", description = "SIGTERM restarts after the kills (default ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int sigterms;
    @Option(names = "--events", description = "Good events to produce (default ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    int events;
    @Option(names = "--rate", description = "Events per second (default ${DEFAULT-VALUE}).", defaultValue = "1000")
    int rate;
    @Option(names = "--broker-bounce", description = "Stop the broker this long mid-stream, e.g. 15s (default: no).")
    Duration brokerBounce = Duration.ZERO;
    @Option(names = "--service-jar", description = "The service jar (default ${DEFAULT-VALUE}).",
            defaultValue = "topology/service/target/driftline.jar")
    Path serviceJar;
    @Option(names = "--work-dir", description = "Broker, registry, state and logs, kept (default: a new temporary"
            + " folder, deleted after a clean soak; kept when it found something).")
    Path workDir;
    @Option(names = "--seed", description = "Of events and kill timing (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Files.createTempDirectory("driftline-crash-soak");
        System.err.println("[soak] working in " + work + " (service log: " + work.resolve("service.log") + ")");
        CrashSoak.Result result = new CrashSoak(new CrashSoak.Settings(kills, sigterms, events, rate, brokerBounce,
                serviceJar.toAbsolutePath(), work, seed), System.err).run();
        result.print(System.out);
        if (workDir == null && result.clean()) {
            WorkDirs.delete(work); // a soak that found something keeps its logs and data for a look
        } else {
            System.err.println("[soak] kept " + work);
        }
        return result.clean() ? 0 : 1;
    }
}

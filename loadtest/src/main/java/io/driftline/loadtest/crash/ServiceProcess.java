package io.driftline.loadtest.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service in a child JVM, started as users start it ({@code java -jar driftline.jar run -c file}), its output
 * appended to one log file; killed with SIGKILL ({@code kill -9}) or stopped with SIGTERM.
 */
final class ServiceProcess {

    private static final Pattern STARTED = Pattern.compile("Started in (\\d+) ms.*then (\\d+) state records restored");

    private final Process process;
    private final Path log;
    private final long logOffset;
    private final long launchedAtNanos = System.nanoTime();

    private ServiceProcess(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    /** Launches {@code driftline run -c config} from the service jar, appending its output to {@code log}. */
    static ServiceProcess launch(Path serviceJar, Path config, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-modules=jdk.incubator.foreign", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftline",
                "-jar", serviceJar.toString(), "run", "-c", config.toString()));
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ServiceProcess(p, log, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** The service's own start-up time ("Started in N ms" in its log), once it has said it; else -1. */
    long startedInMs() {
        Matcher m = STARTED.matcher(output());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Records the service restored at start-up, once it has said it started; else -1. */
    long restoredRecords() {
        Matcher m = STARTED.matcher(output());
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** Waits until the service says it started (running, every store restored); false on time-out or exit. */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (startedInMs() >= 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return startedInMs() >= 0;
    }

    /** Seconds since launch. */
    double ageSeconds() {
        return (System.nanoTime() - launchedAtNanos) / 1e9;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no close, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or an orchestrator sends it; waits for the exit and returns its code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("The service did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** What this process wrote to the log so far. */
    String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(all.length, logOffset);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

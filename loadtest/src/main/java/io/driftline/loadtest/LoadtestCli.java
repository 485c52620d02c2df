package io.driftline.loadtest;

import io.driftline.loadtest.crash.CrashCommand;
import io.driftline.loadtest.throughput.ThroughputCommand;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The load test jar's entry point: {@code crash} runs the restart soak; {@code throughput} the throughput and
 * latency benchmark; {@code detector}, or no command at all (as before the soak existed), the drift detector
 * benchmark.
 */
public final class LoadtestCli {

    private LoadtestCli() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.driftline");
        }
        if (args.length > 0 && args[0].equals("crash")) {
            System.exit(new CommandLine(new CrashCommand()).registerConverter(Duration.class, new DurationConverter()).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("throughput")) {
            System.exit(new CommandLine(new ThroughputCommand()).registerConverter(Duration.class,
                    new DurationConverter()).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("detector")) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        DetectorBenchmark.main(args);
    }
}

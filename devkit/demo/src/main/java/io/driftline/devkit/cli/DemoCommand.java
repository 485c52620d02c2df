package io.driftline.devkit.cli;

import io.driftline.app.cli.ConnectionOptions;
import io.driftline.devkit.demo.DemoRunner;
import io.driftline.devkit.demo.DemoSettings;
import io.driftline.devkit.payments.DemoDrift;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline demo}: the whole system on one machine, with a generated payment stream. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a KRaft broker, a Schema Registry, Driftline, the demo model, card profiles and a payment generator.")
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--external", description = "Use an existing cluster and registry (see --bootstrap-servers and --schema-registry-url).")
    boolean external;

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Port of the development Schema Registry (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of the HTTP API, metrics and dashboard (default: ${DEFAULT-VALUE}; 0 = any free port, -1 = off).")
    int httpPort;

    @Option(names = "--data-dir", defaultValue = ".driftline", description = "Where the broker, registry and state keep data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--rate", defaultValue = "200", description = "Demo events per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the demo data and model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", description = "Stop after this long (e.g. PT30S or 30s); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--report-every", defaultValue = "5s", description = "Console report interval (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--bad-fraction", defaultValue = "0", paramLabel = "FRACTION",
            description = "Also send bad records (JSON, unknown schema id, truncated, no amount, NaN amount, tombstone), "
                    + "this many per payment, e.g. 0.01 (default: ${DEFAULT-VALUE}).")
    double badFraction;

    @Option(names = "--window", defaultValue = "20s", paramLabel = "DURATION",
            description = "Drift window size (event time), short so that reports, alerts and retrain requests show within "
                    + "minutes (default: ${DEFAULT-VALUE}; the service's own default is 60s).")
    Duration window;

    @Option(names = "--warm-up", defaultValue = "10m", paramLabel = "DURATION",
            description = "Replay this much payment history first, so the model's 10-minute per-card windows start full "
                    + "instead of showing as drift (default: ${DEFAULT-VALUE}; 0s = start cold).")
    Duration warmUp;

    @Option(names = "--drift-at", paramLabel = "DURATION",
            description = "Inject drift this long after the payments start, e.g. 60s (default: no drift).")
    Duration driftAt;

    @Option(names = "--drift-for", defaultValue = "2m", paramLabel = "DURATION",
            description = "How long the injected drift lasts before it is removed (default: ${DEFAULT-VALUE}; 0s = until the end).")
    Duration driftFor;

    @Option(names = "--drift-kind", defaultValue = "amount", paramLabel = "KIND",
            description = "What drifts: amount (x --drift-amount), category (merchant mix moves to online shops, electronics, "
                    + "gift cards), both, or concept (fraudsters copy card holders: events unchanged, the model's error "
                    + "rises; see it with --labels) (default: ${DEFAULT-VALUE}).")
    String driftKind;

    @Option(names = "--drift-amount", defaultValue = "2.0", paramLabel = "FACTOR",
            description = "Factor on payment amounts while amount drift lasts (default: ${DEFAULT-VALUE}).")
    double driftAmount;

    @Option(names = "--labels", description = "Send each payment's true outcome (fraud/legit) to the labels topic, "
            + "keyed by its transaction id (the predictions' eventId), after --label-delay.")
    boolean labels;

    @Option(names = "--label-delay", defaultValue = "10s", paramLabel = "DURATION",
            description = "How long after a payment its label is known and sent (default: ${DEFAULT-VALUE}).")
    Duration labelDelay;

    @Override
    public Integer call() throws Exception {
        if (rate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be at least 1: " + rate);
        }
        if (httpPort < -1 || httpPort > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--http-port must be -1 to 65535: " + httpPort);
        }
        if (!(badFraction >= 0 && badFraction <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--bad-fraction must be between 0 and 1: " + badFraction);
        }
        if (window.toMillis() < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window must be at least 1s: " + window);
        }
        if (warmUp.isNegative() || labelDelay.isNegative() || driftFor.isNegative()
                || driftAt != null && driftAt.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warm-up, --label-delay, --drift-at and --drift-for must not be negative");
        }
        DemoDrift drift;
        try {
            drift = driftAt == null ? null : DemoDrift.of(DemoDrift.Kind.parse(driftKind), driftAmount);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        DemoRunner runner = new DemoRunner(new DemoSettings(external, connection.bootstrapServers(),
                connection.schemaRegistryUrl(), kafkaPort, registryPort, dataDir.toAbsolutePath(), rate, seed,
                duration, reportEvery, badFraction, httpPort, window, warmUp, drift, driftAt,
                driftFor.isZero() ? null : driftFor, labels, labelDelay, external ? connection.securityConfig()
                        : java.util.Map.of()), out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: let run() close everything in order before the JVM exits.
            runner.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "driftline-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoRunner.Summary summary = runner.run();
            out.printf("[driftline] Stopped. %,d events sent, %,d predictions read, per version %s%s%n",
                    summary.eventsSent(), summary.predictionsSeen(), summary.predictionsByVersion(),
                    summary.badSent() == 0 && summary.deadLetters().isEmpty() ? ""
                            : String.format("; %,d bad records sent, dead letters %s", summary.badSent(),
                                    summary.deadLetters()));
            out.flush();
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}

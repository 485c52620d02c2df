package io.driftline.loadtest;

import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.DriftThresholds.Levels;
import io.driftline.models.drift.Metric;
import io.driftline.topology.alert.AlertPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The drift detector benchmark (issue #4): streams with known change points, run through the real topology, scored
 * for detection delay, missed detections and false alarms at report level and at alert level, next to the
 * always-fire and never-fire baselines, with throughput from the same run.
 *
 * <p>Threshold flags override {@link DriftThresholds#defaults()} one by one; without them the defaults are measured.
 * Run from the repository root:
 * <pre>
 * mvn -q -pl loadtest -am package -DskipTests
 * java --add-modules=jdk.incubator.foreign -jar loadtest/target/driftline-loadtest.jar
 * </pre>
 */
@Command(name = "detector-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs streams with known change points through the Driftline topology and scores the drift"
                + " detector: delay, missed detections, false alarms per 1,000 windows.")
public final class DetectorBenchmark implements Callable<Integer> {

    private static final String TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    @Option(names = "--events-per-window", description = "Events in each window (default ${DEFAULT-VALUE}).")
    int eventsPerWindow = 2_000;
    @Option(names = "--window", description = "Event-time window size, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration window = Duration.ofMinutes(1);
    @Option(names = {"--windows", "--stationary-windows"},
            description = "Windows of the stationary stream (default ${DEFAULT-VALUE}).")
    int stationaryWindows = 1_000;
    @Option(names = "--stationary-runs", description = "Runs the stationary stream is split into, each on a fresh"
            + " topology (default ${DEFAULT-VALUE}).")
    int stationaryRuns = 4;
    @Option(names = "--pre-windows", description = "Stationary windows before each change (default ${DEFAULT-VALUE}).")
    int preWindows = 5;
    @Option(names = "--horizon", description = "Windows after a change within which a detection counts"
            + " (default ${DEFAULT-VALUE}).")
    int horizon = 5;
    @Option(names = "--ramp-windows", description = "Windows of the gradual ramp (default ${DEFAULT-VALUE}).")
    int rampWindows = 10;
    @Option(names = "--repeats", description = "Runs of each changing scenario (default ${DEFAULT-VALUE}).")
    int repeats = 3;
    @Option(names = "--seed", description = "Base seed (default ${DEFAULT-VALUE}).")
    long seed = 1;
    @Option(names = "--feature", description = "Numeric feature that shifts, x00 to x19; x17 to x19 are lognormal"
            + " (default ${DEFAULT-VALUE}).")
    String feature = "x03";
    @Option(names = "--scenarios", split = ",", description = "Scenarios to run: stationary, shift-0.1, shift-0.25,"
            + " shift-0.5, shift-1.0, gradual-0.5, category-x2 (default all).")
    List<String> scenarios = new ArrayList<>();
    @Option(names = "--train-rows", description = "Training rows (default ${DEFAULT-VALUE}).")
    int trainRows = 20_000;
    @Option(names = "--profile-rows", description = "Reference profile rows (default ${DEFAULT-VALUE}).")
    int profileRows = 100_000;
    @Option(names = "--threads", description = "Runs at a time, each on its own topology (default: the number of"
            + " processors, at most 4).")
    int threads = Math.min(4, Runtime.getRuntime().availableProcessors());

    @Option(names = "--psi-warn", description = "PSI warning level.")
    Double psiWarn;
    @Option(names = "--psi-alert", description = "PSI drift level.")
    Double psiAlert;
    @Option(names = "--js", description = "Jensen-Shannon distance drift level.")
    Double js;
    @Option(names = "--wasserstein", description = "Wasserstein-1 drift level, in reference sd.")
    Double wasserstein;
    @Option(names = "--ks-alpha", description = "KS test alpha (after correction).")
    Double ksAlpha;
    @Option(names = "--chi-square-alpha", description = "Chi-square test alpha (after correction).")
    Double chiSquareAlpha;
    @Option(names = "--missing-rate-alpha", description = "Missing-rate test alpha (after correction).")
    Double missingRateAlpha;
    @Option(names = "--correction", description = "none, bonferroni or holm.")
    String correction;
    @Option(names = "--min-sample-size", description = "Fewest events for a feature to be tested.")
    Long minSampleSize;
    @Option(names = "--disable", split = ",", description = "Value metrics left out of the verdict: psi, js,"
            + " wasserstein (their threshold set out of reach).")
    List<String> disable = new ArrayList<>();
    @Option(names = "--open-after", description = "Drifted windows in a row that open an alert (default 2).")
    Integer openAfter;

    /** Runs the benchmark from the command line; exits with 0 after printing the table. */
    public static void main(String[] args) {
        // Avro 1.12 reads drift reports and alerts (generated classes in io.driftline) only from trusted packages;
        // set before any Avro class loads, unless the command line already chose.
        if (System.getProperty(TRUSTED_PACKAGES) == null) {
            System.setProperty(TRUSTED_PACKAGES, "io.driftline");
        }
        System.exit(new CommandLine(new DetectorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        BenchmarkSettings settings = settings();
        BenchmarkResult result = run(settings, System.err);
        ResultTable.print(result, System.out);
        return 0;
    }

    /** The settings these options describe. */
    BenchmarkSettings settings() {
        AlertPolicy defaults = AlertPolicy.defaults();
        AlertPolicy alerts = openAfter == null ? defaults : new AlertPolicy(openAfter, defaults.resolveAfter());
        return new BenchmarkSettings(eventsPerWindow, window, stationaryWindows, stationaryRuns, preWindows, horizon,
                rampWindows, repeats, seed, feature, scenarios, thresholds(), alerts, trainRows, profileRows, threads);
    }

    private DriftThresholds thresholds() {
        DriftThresholds d = DriftThresholds.defaults();
        double off = Double.MAX_VALUE;
        List<String> disabled = disable.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        for (String metric : disabled) {
            if (!List.of("psi", "js", "wasserstein").contains(metric)) {
                throw new IllegalArgumentException("--disable takes psi, js, wasserstein: " + metric);
            }
        }
        DriftThresholds t = new DriftThresholds(d.psi(), d.jsDistance(), d.wasserstein(), d.ks(), d.chiSquare(),
                d.missingRate(), or(ksAlpha, d.ksAlpha()), or(chiSquareAlpha, d.chiSquareAlpha()),
                or(missingRateAlpha, d.missingRateAlpha()),
                correction == null ? d.correction() : Correction.fromConfigName(correction),
                minSampleSize == null ? d.minSampleSize() : minSampleSize, d.minExpectedCount());
        t = t.withLevels(Metric.PSI, disabled.contains("psi") ? new Levels(off, off)
                : levels(or(psiWarn, d.psi().warn()), or(psiAlert, d.psi().alert())));
        t = t.withLevels(Metric.JS_DISTANCE, disabled.contains("js") ? new Levels(off, off)
                : levels(or(js, d.jsDistance().warn()), d.jsDistance().alert()));
        return t.withLevels(Metric.WASSERSTEIN, disabled.contains("wasserstein") ? new Levels(off, off)
                : levels(or(wasserstein, d.wasserstein().warn()), d.wasserstein().alert()));
    }

    /** Warn and alert levels, the alert level raised to the warn level when an override passes it. */
    private static Levels levels(double warn, double alert) {
        return new Levels(warn, Math.max(warn, alert));
    }

    private static RunTrace runOne(ScenarioRunner runner, Scenario scenario, long seed, String label,
            PrintStream progress) throws IOException {
        long started = System.nanoTime();
        RunTrace trace = runner.run(scenario, seed);
        if (trace.reported() != scenario.windows()) {
            throw new IllegalStateException(label + ": " + trace.reported() + " reports for " + scenario.windows()
                    + " windows");
        }
        progress.printf(Locale.ROOT, "[bench] %s: %d windows, %,d events in %.1f s%n", label, scenario.windows(),
                trace.events(), (System.nanoTime() - started) / 1e9);
        return trace;
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    /**
     * Trains the benchmark model, runs every selected scenario ({@code repeats} times for changing ones, each run
     * on a fresh topology with its own seed) and scores the detectors.
     *
     * @param progress where a line per run goes
     */
    static BenchmarkResult run(BenchmarkSettings settings, PrintStream progress) throws IOException {
        long started = System.nanoTime();
        ModelBundle bundle = BenchmarkModel.train(settings.seed(), settings.trainRows(), settings.profileRows());
        long trainNanos = System.nanoTime() - started;
        progress.printf(Locale.ROOT, "[bench] model trained and profiled in %.1f s%n", trainNanos / 1e9);
        ScenarioRunner runner = new ScenarioRunner(bundle, settings.eventsPerWindow(), settings.windowSize(),
                settings.thresholds(), settings.alertPolicy());
        List<Scenario> scenarios = settings.scenarioList();
        List<Callable<RunTrace>> jobs = new ArrayList<>();
        for (int s = 0; s < scenarios.size(); s++) {
            Scenario scenario = scenarios.get(s);
            int runs = settings.runsOf(scenario);
            for (int r = 0; r < runs; r++) {
                long seed = settings.seed() * 1_000_003L + 1_000L * (s + 1) + r;
                String label = String.format(Locale.ROOT, "%s run %d/%d", scenario.name(), r + 1, runs);
                jobs.add(() -> runOne(runner, scenario, seed, label, progress));
            }
        }
        List<RunTrace> traces = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            for (Future<RunTrace> done : pool.invokeAll(jobs)) {
                traces.add(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("a benchmark run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new BenchmarkResult(settings, traces, BenchmarkResult.summarise(scenarios, traces), trainNanos,
                System.nanoTime() - started);
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    @Option(names = "--threshold", description = "Any registered metric's setting, METRIC.warn, METRIC.alert or"
            + " METRIC.alpha (tests), e.g. --threshold ks.alpha=0.001 --threshold psi.alert=0.6; applied after the"
            + " flags above.")
    Map<String, Double> threshold = new LinkedHashMap<>();
    @Option(names = "--disable", split = ",", description = "Metrics left out of the verdict, any registered one"
            + " (js for js_distance): their levels set out of reach, tests still in the correction.")
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
        DriftThresholds t = DriftThresholds.defaults();
        if (correction != null) {
            t = t.withCorrection(Correction.fromConfigName(correction));
        }
        if (minSampleSize != null) {
            t = t.withMinSampleSize(minSampleSize);
        }
        // The named flags of the first benchmark runs; --threshold reaches every registered metric.
        t = warn(t, Metric.PSI, psiWarn);
        t = alert(t, Metric.PSI, psiAlert);
        t = warn(t, Metric.JS_DISTANCE, js);
        t = warn(t, Metric.WASSERSTEIN, wasserstein);
        t = alpha(t, Metric.KS, ksAlpha);
        t = alpha(t, Metric.CHI_SQUARE, chiSquareAlpha);
        t = alpha(t, Metric.MISSING_RATE, missingRateAlpha);
        for (Map.Entry<String, Double> setting : threshold.entrySet()) {
            t = setting(t, setting.getKey(), setting.getValue());
        }
        double off = Double.MAX_VALUE;
        for (String name : disable) {
            String metric = name.trim().toLowerCase(Locale.ROOT);
            metric = metric.equals("js") ? Metric.JS_DISTANCE : metric;
            if (t.metrics().find(metric).isEmpty()) {
                throw new IllegalArgumentException("--disable takes js or one of " + t.metrics().ids() + ": " + name);
            }
            t = t.withLevels(metric, new Levels(off, off));
        }
        return t;
    }

    /** One {@code --threshold METRIC.SETTING=VALUE}. */
    private static DriftThresholds setting(DriftThresholds t, String key, double value) {
        int dot = key.lastIndexOf('.');
        String metric = dot < 0 ? "" : key.substring(0, dot);
        if (t.metrics().find(metric).isEmpty()) {
            throw new IllegalArgumentException("--threshold takes METRIC.warn, METRIC.alert or METRIC.alpha, METRIC"
                    + " one of " + t.metrics().ids() + ": " + key);
        }
        return switch (key.substring(dot + 1)) {
            case "warn" -> warn(t, metric, value);
            case "alert" -> alert(t, metric, value);
            case "alpha" -> alpha(t, metric, value);
            default -> throw new IllegalArgumentException("--threshold takes warn, alert or alpha: " + key);
        };
    }

    /** A warn level, the alert level raised to it when it passes the alert level. */
    private static DriftThresholds warn(DriftThresholds t, String metric, Double warn) {
        return warn == null ? t : t.withLevels(metric, new Levels(warn, Math.max(warn, t.levels(metric).alert())));
    }

    /** An alert level, never below the warn level. */
    private static DriftThresholds alert(DriftThresholds t, String metric, Double alert) {
        Levels levels = t.levels(metric);
        return alert == null ? t : t.withLevels(metric, new Levels(levels.warn(), Math.max(levels.warn(), alert)));
    }

    private static DriftThresholds alpha(DriftThresholds t, String metric, Double alpha) {
        return alpha == null ? t : t.withAlpha(metric, alpha);
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

package io.driftline.topology.score;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters of the score stage, shared by every stream thread of the instance: predictions per model version, the
 * cost of scoring split into encoding and the ONNX run, batch sizes, end-to-end latency (event time to the
 * prediction becoming visible downstream, and to it being made) as timers with histogram buckets and recent
 * percentiles ({@link RecentPercentiles}), and events waiting for a model. Read by the console, the HTTP API and the
 * metrics endpoint.
 *
 * <p>The scoring timers are recorded once per model run, not per event (a run scores up to
 * {@code score.batch.max.records} events): their percentiles are then over runs, each run's time divided by its
 * rows, and the means per row come from the totals.
 */
public final class ScoreMetrics {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final Map<String, Counter> predictions = new ConcurrentHashMap<>();
    private final Map<String, Counter> shadowFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> championFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> unrouted = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder parkedFailed = new LongAdder();
    private final AtomicLong parked = new AtomicLong();
    private final Timer scoring;
    private final Timer encoding;
    private final Timer onnx;
    private final Timer endToEnd;
    private final Timer toScored;
    private final RecentPercentiles endToEndRecent = new RecentPercentiles(System::currentTimeMillis);
    private final RecentPercentiles scoredRecent = new RecentPercentiles(System::currentTimeMillis);
    private final DistributionSummary batchSizes;
    private final LongAdder rowsRun = new LongAdder();
    private final LongAdder encodeNanos = new LongAdder();
    private final LongAdder onnxNanos = new LongAdder();

    /** Meters kept in a registry of their own (tests, tools). */
    public ScoreMetrics() {
        this(new SimpleMeterRegistry());
    }

    /** Meters registered in {@code registry}. */
    public ScoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scoring = perRow("driftline.scoring.latency",
                "Time to encode an event's features and run the model, per event (a model run's time over its rows)");
        this.encoding = perRow("driftline.scoring.encode.latency",
                "Time to encode an event's features into the model's input, per event (a run's over its rows)");
        this.onnx = perRow("driftline.scoring.onnx.latency",
                "Time in ONNX Runtime, per event (a model run's time over its rows)");
        this.endToEnd = latency("driftline.end.to.end.latency",
                "From an event's timestamp to its champion prediction being visible downstream: the start of the"
                        + " commit of its transaction under exactly-once, its send at least once", endToEndRecent);
        this.toScored = latency("driftline.end.to.end.scored.latency",
                "From an event's timestamp to its champion prediction being made (before the commit)", scoredRecent);
        this.batchSizes = DistributionSummary.builder("driftline.scoring.batch.size")
                .description("Events per model run: live events gathered up to score.batch.max.records, parked ones"
                        + " up to 256 while a backlog drains")
                .baseUnit("events").serviceLevelObjectives(1, 8, 32, 128, 256).register(registry);
        registry.gauge("driftline.parked.events", parked);
    }

    /**
     * A per-event latency: a timer with Prometheus histogram buckets (no client-side percentiles: see
     * {@link RecentPercentiles}), and the recent percentiles as gauges {@code <name>.percentile{quantile}}.
     */
    private Timer latency(String name, String description, RecentPercentiles recent) {
        for (double p : PERCENTILES) {
            Gauge.builder(name + ".percentile", recent, r -> r.percentiles(p).get(p) / 1000.0)
                    // One description for the three: Prometheus gives a metric family one help text.
                    .description(description + "; percentiles over the last minute or so")
                    .tag("quantile", Double.toString(p)).baseUnit("seconds").register(registry);
        }
        return Timer.builder(name).description(description).distributionStatisticExpiry(Duration.ofMinutes(1))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private Timer perRow(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentiles(PERCENTILES).distributionStatisticExpiry(Duration.ofMinutes(1))
                // Histogram buckets too, so that Prometheus can aggregate percentiles across instances.
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    /**
     * One model run that scored {@code rows} events: {@code encodeNanos} encoding them into the model's input (on
     * their arrival and at the run, see {@link ArrivalEncoding}), {@code onnxNanos} in ONNX Runtime.
     */
    void modelRun(ServingModel model, int rows, long encodeNanos, long onnxNanos) {
        predictions.computeIfAbsent(label(model), k -> Counter.builder("driftline.predictions")
                .description("Predictions made, per model version")
                .tag("model", model.model()).tag("version", model.version()).tag("shadow", Boolean.toString(model.shadow()))
                .register(registry)).increment(rows);
        total.add(rows);
        rowsRun.add(rows);
        this.encodeNanos.add(encodeNanos);
        this.onnxNanos.add(onnxNanos);
        batchSizes.record(rows);
        scoring.record((encodeNanos + onnxNanos) / rows, TimeUnit.NANOSECONDS);
        encoding.record(encodeNanos / rows, TimeUnit.NANOSECONDS);
        onnx.record(onnxNanos / rows, TimeUnit.NANOSECONDS);
    }

    /** Counts an event a shadow could not score (the champion's prediction stands); returns the version's count. */
    long shadowFailed(ServingModel model) {
        Counter counter = shadowFailures.computeIfAbsent(label(model), k -> Counter.builder("driftline.shadow.failures")
                .description("Events a shadow model could not score, per model version (never dead-lettered)")
                .tag("model", model.model()).tag("version", model.version()).register(registry));
        counter.increment();
        return (long) counter.count();
    }

    /** Counts an event a champion could not score (it went to the dead-letter topic for that model). */
    void championFailed(ServingModel model) {
        championFailures.computeIfAbsent(label(model), k -> Counter.builder("driftline.model.failures")
                .description("Events a champion model could not score, per model version (dead-lettered for it)")
                .tag("model", model.model()).tag("version", model.version()).register(registry)).increment();
    }

    /** Events each champion could not score, per "model vVERSION" label. */
    public Map<String, Long> championFailuresByModel() {
        Map<String, Long> out = new TreeMap<>();
        championFailures.forEach((k, v) -> out.put(k, (long) v.count()));
        return out;
    }

    /** Counts an event of a topic a model reads that no model's filter selected. */
    void unrouted(String topic) {
        unrouted.computeIfAbsent(topic, k -> Counter.builder("driftline.events.unrouted")
                .description("Events of a topic some model reads that no model's filter selected, per topic")
                .tag("topic", topic).register(registry)).increment();
    }

    /** Events no model's filter selected, per topic. */
    public Map<String, Long> unroutedByTopic() {
        Map<String, Long> out = new TreeMap<>();
        unrouted.forEach((k, v) -> out.put(k, (long) v.count()));
        return out;
    }

    /** Events each shadow could not score, per "model vVERSION (shadow)" label. */
    public Map<String, Long> shadowFailuresByModel() {
        Map<String, Long> out = new TreeMap<>();
        shadowFailures.forEach((k, v) -> out.put(k, (long) v.count()));
        return out;
    }

    /** Model runs so far and the largest batch one scored (the largest of the last few minutes). */
    public long batches() {
        return batchSizes.count();
    }

    /** Mean events per model run since start. */
    public double meanBatchSize() {
        return batchSizes.mean();
    }

    public double largestRecentBatch() {
        return batchSizes.max();
    }

    /** A champion prediction made at {@code scoredAtMillis} for an event stamped {@code eventTimeMillis}. */
    void scored(long eventTimeMillis, long scoredAtMillis) {
        long ms = Math.max(0, scoredAtMillis - eventTimeMillis);
        toScored.record(ms, TimeUnit.MILLISECONDS);
        scoredRecent.record(ms);
    }

    /** A champion prediction visible downstream from {@code visibleAtMillis} (sent, or its transaction committing). */
    void visible(long eventTimeMillis, long visibleAtMillis) {
        long ms = Math.max(0, visibleAtMillis - eventTimeMillis);
        endToEnd.record(ms, TimeUnit.MILLISECONDS);
        endToEndRecent.record(ms);
    }

    /** Adds (or, with a negative delta, removes) events parked by one task. */
    void parkedChanged(long delta) {
        parked.addAndGet(delta);
    }

    void recordParkedFailure() {
        parkedFailed.increment();
    }

    /** Predictions made since start, all models. */
    public long predictions() {
        return total.sum();
    }

    /** Mean scoring time per prediction (encoding and the ONNX run), microseconds, since start; NaN before any. */
    public double meanScoringMicros() {
        return perRowMicros(encodeNanos.sum() + onnxNanos.sum());
    }

    /** Mean time encoding an event's features, microseconds per prediction, since start; NaN before any. */
    public double meanEncodeMicros() {
        return perRowMicros(encodeNanos.sum());
    }

    /** Mean time in ONNX Runtime, microseconds per prediction, since start; NaN before any. */
    public double meanOnnxMicros() {
        return perRowMicros(onnxNanos.sum());
    }

    private double perRowMicros(long nanos) {
        long rows = rowsRun.sum();
        return rows == 0 ? Double.NaN : nanos / 1e3 / rows;
    }

    /** Scoring time percentiles (0.5, 0.95, 0.99) per event over the last minute or so, milliseconds. */
    public Map<Double, Double> scoringPercentilesMs() {
        return percentiles(scoring);
    }

    /** Event time to prediction made (before the commit): percentiles over the last minute or so, milliseconds. */
    public Map<Double, Double> scoredPercentilesMs() {
        return scoredRecent.percentiles(PERCENTILES);
    }

    /**
     * Event time to prediction visible downstream (0.5, 0.95, 0.99 percentiles) over the last minute or so,
     * milliseconds.
     */
    public Map<Double, Double> endToEndPercentilesMs() {
        return endToEndRecent.percentiles(PERCENTILES);
    }

    /** Events parked on this instance's tasks, waiting for a model. */
    public long parked() {
        return parked.get();
    }

    /** Parked events that could not be scored once a model arrived (sent to the dead-letter topic). */
    public long parkedFailed() {
        return parkedFailed.sum();
    }

    private static String label(ServingModel model) {
        return model.model() + " v" + model.version() + (model.shadow() ? " (shadow)" : "");
    }

    private static Map<Double, Double> percentiles(Timer timer) {
        Map<Double, Double> out = new TreeMap<>();
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            out.put(v.percentile(), v.value(TimeUnit.MILLISECONDS));
        }
        return out;
    }
}

package io.driftline.topology.score;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
 * Meters of the score stage, shared by every stream thread of the instance: predictions per model version,
 * scoring time and end-to-end latency (event time to prediction) as timers with percentiles, and events waiting
 * for a model. Read by the console, the HTTP API and the metrics endpoint.
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
    private final Timer endToEnd;
    private final DistributionSummary batchSizes;

    /** Meters kept in a registry of their own (tests, tools). */
    public ScoreMetrics() {
        this(new SimpleMeterRegistry());
    }

    /** Meters registered in {@code registry}. */
    public ScoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scoring = Timer.builder("driftline.scoring.latency")
                .description("Time to encode features and run the model, per event and model")
                .publishPercentiles(PERCENTILES).distributionStatisticExpiry(Duration.ofMinutes(1))
                // Histogram buckets too, so that Prometheus can aggregate percentiles across instances.
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        this.endToEnd = Timer.builder("driftline.end.to.end.latency")
                .description("From an event's timestamp to its champion prediction")
                .publishPercentiles(PERCENTILES).distributionStatisticExpiry(Duration.ofMinutes(1))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.batchSizes = DistributionSummary.builder("driftline.scoring.batch.size")
                .description("Events per model run: 1 for live events, up to 256 while a parked backlog drains")
                .baseUnit("events").serviceLevelObjectives(1, 8, 32, 128, 256).register(registry);
        registry.gauge("driftline.parked.events", parked);
    }

    void scored(ServingModel model, long nanos) {
        predictions.computeIfAbsent(label(model), k -> Counter.builder("driftline.predictions")
                .description("Predictions made, per model version")
                .tag("model", model.model()).tag("version", model.version()).tag("shadow", Boolean.toString(model.shadow()))
                .register(registry)).increment();
        total.increment();
        scoring.record(nanos, TimeUnit.NANOSECONDS);
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

    void batch(int size) {
        batchSizes.record(size);
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

    void delivered(long eventTimeMillis, long scoredAtMillis) {
        endToEnd.record(Math.max(0, scoredAtMillis - eventTimeMillis), TimeUnit.MILLISECONDS);
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

    /** Mean scoring time per prediction, microseconds, since start. */
    public double meanScoringMicros() {
        return scoring.mean(TimeUnit.MICROSECONDS);
    }

    /** Scoring time percentiles (0.5, 0.95, 0.99) over the last minute or so, milliseconds. */
    public Map<Double, Double> scoringPercentilesMs() {
        return percentiles(scoring);
    }

    /** End-to-end latency percentiles (0.5, 0.95, 0.99) over the last minute or so, milliseconds. */
    public Map<Double, Double> endToEndPercentilesMs() {
        return percentiles(endToEnd);
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

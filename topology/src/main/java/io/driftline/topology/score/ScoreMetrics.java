package io.driftline.topology.score;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the score stage, shared by every stream thread of the instance: predictions per model version,
 * scoring time, and events waiting for a model. Read by the console and the metrics endpoint.
 */
public final class ScoreMetrics {

    private final Map<String, LongAdder> predictions = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder scoringNanos = new LongAdder();
    private final LongAdder parkedFailed = new LongAdder();
    private final AtomicLong parked = new AtomicLong();

    void scored(ServingModel model, long nanos) {
        predictions.computeIfAbsent(model.model() + " v" + model.version() + (model.shadow() ? " (shadow)" : ""),
                k -> new LongAdder()).increment();
        total.increment();
        scoringNanos.add(nanos);
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

    /** Predictions per "model vVERSION" label. */
    public Map<String, Long> predictionsByModel() {
        Map<String, Long> out = new java.util.TreeMap<>();
        predictions.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Mean ONNX scoring time per prediction, microseconds. */
    public double meanScoringMicros() {
        long n = total.sum();
        return n == 0 ? 0 : scoringNanos.sum() / 1_000.0 / n;
    }

    /** Events parked on this instance's tasks, waiting for a model. */
    public long parked() {
        return parked.get();
    }

    /** Parked events that could not be scored once a model arrived (sent to the dead-letter topic). */
    public long parkedFailed() {
        return parkedFailed.sum();
    }
}

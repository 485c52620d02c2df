package io.driftline.topology.stats;

import io.driftline.DriftReport;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoredEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Window statistics and drift reports: per model version and event-time tumbling window, each task keeps the
 * statistics of its own partition's events (reference-bin counts plus out of range, a KLL sketch, category
 * counts with unseen, missing count, count, mean and variance, per feature and for the score, and the predicted
 * labels, and the performance on the predictions whose labels arrived in the window when labels are on) in
 * {@value #ACCUMULATOR_STORE}; when a window closes, it sends one partial per model version to the
 * internal topic {@value #PARTIALS_TOPIC} (keyed by model, so that only these few records, never the events,
 * meet in one partition); the merge adds up the partials of each window in {@value #MERGE_STORE}, runs the drift
 * tests against the version's reference profile and emits one {@link DriftReport} per model version per window.
 */
public final class StatsStage {

    /** The task stores of open windows (changelogged). */
    public static final String ACCUMULATOR_STORE = "stats-window-accumulators";
    /** The merge's store (changelogged). */
    public static final String MERGE_STORE = "stats-window-merges";
    /** Name of the internal partials topic: {@code <application.id>-stats-partials-repartition}. */
    public static final String PARTIALS_TOPIC = "stats-partials";
    /** The processor that keeps the task windows. */
    public static final String ACCUMULATE_PROCESSOR = "stats-window-accumulate";
    /** The processor that merges partials and makes the reports. */
    public static final String MERGE_PROCESSOR = "stats-merge";

    private StatsStage() {
    }

    /**
     * The drift reports of the scored events, keyed by model name.
     *
     * @param scored   scored events, one per event per serving model
     * @param labelled predictions joined with their labels, or null when labels are off
     * @param registry where the merge finds each version's reference profile
     * @param metrics  counts of late and uncounted records
     */
    public static KStream<String, DriftReport> reports(StreamsBuilder builder, KStream<String, ScoredEvent> scored,
                                                       KStream<String, LabelledPrediction> labelled,
                                                       ModelRegistry registry, StatsSettings settings,
                                                       StatsMetrics metrics) {
        builder.addStateStore(new AccumulatorStoreBuilder(Stores.persistentKeyValueStore(ACCUMULATOR_STORE)));
        // Cached: the partials of a window from every task mostly arrive between two commits (one poll of the
        // partials topic), and each write is the whole merged window; the cache keeps only the last of them (the
        // reported marker, once all came) for the changelog at the commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERGE_STORE),
                Serdes.Bytes(), MergeState.LAYOUT).withCachingEnabled());
        // The accumulator takes scored events and labelled predictions as they are (it tells them apart by type):
        // a node that wrapped each scored event in a common type cost every event a visit and two allocations.
        KStream<String, Object> inputs = untyped(scored);
        if (labelled != null) {
            inputs = inputs.merge(untyped(labelled), Named.as("stats-inputs"));
        }
        return inputs
                .process(() -> new WindowStatsProcessor(settings, registry, metrics), Named.as(ACCUMULATE_PROCESSOR),
                        ACCUMULATOR_STORE)
                .repartition(Repartitioned.with(Serdes.String(), StatsCodec.partialSerde()).withName(PARTIALS_TOPIC))
                .process(() -> new PartialMergeProcessor(settings, registry), Named.as(MERGE_PROCESSOR), MERGE_STORE);
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Object> untyped(KStream<String, ?> stream) {
        return (KStream<String, Object>) stream;
    }

    /** The drift reports of the scored events, without labels. */
    public static KStream<String, DriftReport> reports(StreamsBuilder builder, KStream<String, ScoredEvent> scored,
                                                       ModelRegistry registry, StatsSettings settings) {
        return reports(builder, scored, null, registry, settings, new StatsMetrics());
    }
}

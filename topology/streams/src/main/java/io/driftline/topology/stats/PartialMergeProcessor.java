package io.driftline.topology.stats;

import io.driftline.DriftReport;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.DriftTests;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.topology.score.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the partials of each model version's window (one per input partition) and, once all have arrived or
 * the wait after the first one with events has passed, judges the window against the version's reference profile
 * and emits one {@link DriftReport}, keyed by model.
 *
 * <p>State is in the changelogged store {@value StatsStage#MERGE_STORE}, one write per partial: partials are few
 * (one per task per window), so the write-back machinery of the task stores would buy nothing here; the store is
 * cached, so the partials of a window that arrive between two commits reach the changelog as one write. A reported
 * window keeps a marker for {@link #RETENTION_WINDOWS} windows (at least an hour) so that its report is made once:
 * under exactly-once the marker and the report commit together, and partials that arrive after the report (a
 * partition that lagged past the wait, a partial sent again after an at-least-once restart) are dropped. A window
 * whose partials were all empty is not reported.
 */
final class PartialMergeProcessor implements Processor<String, WindowPartial, String, DriftReport> {

    static final int RETENTION_WINDOWS = 60;
    private static final long MIN_RETENTION_MS = 3_600_000;
    private static final Logger log = LoggerFactory.getLogger(PartialMergeProcessor.class);

    private final ModelRegistry registry;
    private final DriftTests tests;
    private final PerformanceTests performanceTests;
    private final long waitMs;
    private final long retentionMs;
    private final long purgeIntervalMs;
    private final Duration punctuationInterval;
    private final InputProgress inputProgress;
    private PunctuationGap gap;
    /** Windows not reported yet, with the wall-clock time to report them by; rebuilt from the store on init. */
    private final Map<WindowKey, Long> deadlines = new HashMap<>();

    private ProcessorContext<String, DriftReport> context;
    private KeyValueStore<Bytes, MergeState> store;
    private long lastPurgeMs;

    PartialMergeProcessor(StatsSettings settings, ModelRegistry registry) {
        this.registry = registry;
        this.tests = new DriftTests(settings.thresholds());
        this.performanceTests = new PerformanceTests(settings.performance());
        this.waitMs = settings.mergeWait().toMillis();
        this.retentionMs = Math.max(MIN_RETENTION_MS, RETENTION_WINDOWS * settings.windowSize().toMillis());
        this.punctuationInterval = settings.punctuationInterval();
        this.inputProgress = settings.inputProgress();
        this.purgeIntervalMs = Math.max(punctuationInterval.toMillis(), retentionMs / 60);
    }

    @Override
    public void init(ProcessorContext<String, DriftReport> context) {
        this.context = context;
        this.store = context.getStateStore(StatsStage.MERGE_STORE);
        try (KeyValueIterator<Bytes, MergeState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, MergeState> entry = it.next();
                MergeState state = entry.value;
                if (!state.reported()) {
                    // A restart gives the partitions not merged yet the whole wait again: the deadline stored
                    // ran on while this instance was down, and the other tasks restart (and catch up) with it.
                    long deadline = state.deadlineMs(waitMs);
                    deadlines.put(WindowKey.fromBytes(entry.key), deadline == Long.MAX_VALUE ? deadline
                            : Math.max(deadline, context.currentSystemTimeMs() + waitMs));
                }
            }
        }
        lastPurgeMs = context.currentSystemTimeMs();
        gap = new PunctuationGap(punctuationInterval, context.currentSystemTimeMs());
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, WindowPartial> record) {
        WindowPartial partial = record.value();
        WindowKey key = partial.stats().key();
        Bytes storeKey = key.toBytes();
        long now = context.currentSystemTimeMs();
        MergeState state = store.get(storeKey);
        if (state == null) {
            state = MergeState.first(partial, now);
        } else {
            if (state.add(partial, now) == MergeState.Outcome.DUPLICATE) {
                log.debug("Partial of {} from partition {} dropped: {}", key, partial.sourcePartition(),
                        state.reported() ? "window reported already" : "partition merged already");
                return;
            }
        }
        if (state.complete()) {
            report(key, state, now);
        } else {
            // Never earlier than the deadline already set: after a restart, or while input was behind, the wait was
            // started again, and the stored first arrival (maybe from before the restart) must not undo that.
            deadlines.merge(key, state.deadlineMs(waitMs), Math::max);
        }
        store.put(storeKey, state);
    }

    private void punctuate(long now) {
        List<WindowKey> due = new ArrayList<>();
        if (gap.after(now) || !inputProgress.allCaughtUp()) {
            // While input is unread (a backlog, a restart, a task still restoring), the partials missing may be in
            // it: the wait starts again, and runs out only after the whole allowance with every input read (read
            // by the consumer, that is; what it buffered is processed well within the allowance). So after a
            // punctuation far behind its schedule (this thread was blocked and read nothing).
            deadlines.replaceAll((key, deadline) -> deadline == Long.MAX_VALUE ? deadline
                    : Math.max(deadline, now + waitMs));
        }
        deadlines.forEach((key, deadline) -> {
            if (deadline <= now) {
                due.add(key);
            }
        });
        for (WindowKey key : due) {
            Bytes storeKey = key.toBytes();
            MergeState state = store.get(storeKey);
            if (state == null) {
                deadlines.remove(key);
                continue;
            }
            log.info("Drift window {} reported with {} of {} partitions: the others sent nothing within {} ms",
                    key, state.partitions(), state.inputPartitions() == 0 ? "?" : state.inputPartitions(), waitMs);
            report(key, state, now);
            store.put(storeKey, state);
        }
        if (now - lastPurgeMs >= purgeIntervalMs) {
            purge(now);
            lastPurgeMs = now;
        }
    }

    /** Emits the window's report (unless it holds no events or has no reference) and keeps the marker. */
    private void report(WindowKey key, MergeState state, long now) {
        deadlines.remove(key);
        WindowStats stats = state.stats();
        if (stats.events() > 0) {
            ReferenceProfile profile = registry.referenceProfile(key.model(), key.version());
            if (profile == null) {
                log.info("No reference profile for {} v{} on this instance (swapped out long ago, or the bundle had "
                        + "none): window {} not reported", key.model(), key.version(), key);
            } else {
                try {
                    DriftReport report = DriftReports.build(stats, profile, tests, performanceTests, state.partitions(),
                            state.inputPartitions(), now);
                    // Timestamped when made, not at the window's end: a report is a new fact, and a replay of old
                    // events must not give its reports timestamps that the topic's retention deletes at once, or
                    // that readers seeking by time (the last hour on the dashboard) skip.
                    context.forward(new Record<>(key.model(), report, now));
                } catch (RuntimeException e) {
                    // Statistics that do not fit the reference (another bundle under the same version label):
                    // logged and marked done, so that the window does not fail again on every partial.
                    log.warn("Window {} could not be judged against the reference profile of {} v{}, not reported: "
                            + "{}", key, key.model(), key.version(), e.toString());
                }
            }
        }
        state.markReported(now);
    }

    /** Forgets markers past the retention, and windows whose partials were all empty and never completed. */
    private void purge(long now) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, MergeState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, MergeState> entry = it.next();
                MergeState state = entry.value;
                long since = state.reported() ? state.reportedAtMs() : state.firstArrivalMs();
                boolean idle = state.reported() || state.deadlineMs(waitMs) == Long.MAX_VALUE;
                if (idle && now - since >= retentionMs) {
                    expired.add(entry.key);
                }
            }
        }
        for (Bytes key : expired) {
            store.delete(key);
            deadlines.remove(WindowKey.fromBytes(key));
        }
    }
}

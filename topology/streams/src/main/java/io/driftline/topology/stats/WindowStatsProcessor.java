package io.driftline.topology.stats;

import io.driftline.Prediction;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoredEvent;
import io.driftline.topology.score.ServingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one task's window statistics per model version and event-time tumbling window, and sends each window,
 * once closed, as one partial keyed by model to the merge stage. Scored events count into the window of their
 * event time; labelled predictions (when labels are on) into the performance of the window their label arrived in.
 *
 * <p>A window closes when the task's window clock (the latest time of an event or label that reached the windows,
 * kept in the store; not Kafka Streams' stream time, which dead-lettered records move too) reaches its end plus
 * the grace; events of closed windows are
 * late and not counted (their predictions were published all the same). A partition that goes quiet never
 * advances stream time, so once a task has seen no event for the idle allowance, a wall-clock punctuator closes
 * its windows whose end plus grace plus the allowance has passed in wall time, and sends empty partials for the
 * serving model versions' windows that became due in wall time and that it had no event in, so that with
 * real-time events the merge hears from every partition without waiting out its own allowance. An empty partial
 * never makes the merge report (see {@link PartialMergeProcessor}), so one sent for a wall-clock window that no
 * partition has events for, as during a replay of old events, costs one small record and nothing else.
 * Windows are kept in an {@link AccumulatorStore}: deserialised in memory, written back once per commit.
 */
final class WindowStatsProcessor implements Processor<String, Object, String, WindowPartial> {

    /** At most this many empty partials per model version per punctuation (a laptop waking up from sleep). */
    static final int MAX_EMPTY_WINDOWS = 3;
    private static final Logger log = LoggerFactory.getLogger(WindowStatsProcessor.class);

    private record ModelVersion(String model, String version) {
    }

    private final StatsSettings settings;
    private final StatsMetrics metrics;
    private final ModelRegistry registry;
    private final long size;
    private final long hop;
    private final long grace;
    private final long idle;
    private final Map<ServingModel, ModelLayout> layouts = new IdentityHashMap<>();
    private final Set<ModelVersion> withoutReference = new HashSet<>();
    /**
     * Per model version: the end of the last window with events this task sent, since it started. Events of
     * earlier windows are late. Empty partials do not move it: they are sent on wall-clock time, which says
     * nothing about the event time of the events still to come (a replay of last month's events, say).
     */
    private final Map<ModelVersion, Long> closedThrough = new HashMap<>();
    /** Per model version: the end of the last window this task sent an empty partial for. */
    private final Map<ModelVersion, Long> emptiedThrough = new HashMap<>();

    private ProcessorContext<String, WindowPartial> context;
    private AccumulatorStore store;
    private long lastEventWallMs;
    private PunctuationGap gap;
    private long emptyFrom;
    private long nextStreamClose = Long.MAX_VALUE;
    private long late;
    private long failed;
    private long uncountedLabels;

    WindowStatsProcessor(StatsSettings settings, ModelRegistry registry, StatsMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.registry = registry;
        this.size = settings.windowSize().toMillis();
        this.hop = settings.hop().toMillis();
        this.grace = settings.grace().toMillis();
        this.idle = settings.idleClose().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, WindowPartial> context) {
        this.context = context;
        this.store = context.getStateStore(StatsStage.ACCUMULATOR_STORE);
        long now = context.currentSystemTimeMs();
        lastEventWallMs = now;
        // Empty partials only for windows that become due while this task runs: earlier ones were another
        // incarnation's to send, and the merge does not wait for them forever.
        emptyFrom = windowStart(now - grace - idle - size) + hop;
        nextStreamClose = nextStreamClose();
        settings.inputPartitions().getAsInt(); // looks the count up now, not when the first window closes
        gap = new PunctuationGap(settings.punctuationInterval(), now);
        context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    }

    @Override
    public void process(Record<String, Object> record) {
        lastEventWallMs = context.currentSystemTimeMs();
        // The windows' own stream time: the latest time of a record that reached them. Kafka Streams' task stream
        // time moves with every record read, dead-lettered ones included, so one rejected record stamped ahead
        // (by a producer that stamps late, or a clock that is off) would make the valid events around it late.
        store.advanceClock(record.timestamp());
        long streamTime = store.clock();
        if (record.value() instanceof ScoredEvent scored) {
            ModelLayout layout = layout(scored.model());
            if (layout != null) {
                long ts = record.timestamp();
                boolean counted = false;
                for (long start = windowStart(ts); start > ts - size; start -= hop) {
                    WindowStats window = window(layout, scored.model().shadow(), start, streamTime);
                    if (window != null) {
                        count(layout, window, scored);
                        counted = true;
                    }
                }
                if (!counted) {
                    late(layout, ts, streamTime, () -> "Event " + scored.event().positionId());
                }
            }
        } else if (record.value() instanceof LabelledPrediction labelled) {
            addLabelled(labelled, record.timestamp(), streamTime);
        } else {
            throw new IllegalArgumentException("neither a scored event nor a labelled prediction: " + record.value());
        }
        if (streamTime >= nextStreamClose) {
            close(end -> end + grace <= streamTime);
        }
    }

    /**
     * The open window starting at {@code start}, created when new; null when it has closed (a record for it is
     * late). Tumbling windows give each record one window; hopping ones (hop below size) {@code size / hop}.
     */
    private WindowStats window(ModelLayout layout, boolean shadow, long start, long streamTime) {
        long end = start + size;
        ModelVersion version = new ModelVersion(layout.model(), layout.version());
        if (end + grace <= streamTime || end <= closedThrough.getOrDefault(version, Long.MIN_VALUE)) {
            return null;
        }
        WindowKey key = new WindowKey(layout.model(), layout.version(), start);
        WindowStats window = store.get(key);
        if (window == null) {
            window = layout.newWindow(start, end, shadow);
            store.put(key, window);
            nextStreamClose = Math.min(nextStreamClose, end + grace);
        }
        return window;
    }

    /** Counts (and now and then logs) a record that no open window takes. */
    private void late(ModelLayout layout, long timestamp, long streamTime, Supplier<String> what) {
        late++;
        metrics.countLate();
        if (late == 1 || late % 10_000 == 0) {
            long start = windowStart(timestamp);
            log.info("{} of {} v{} at {} is late for its window [{}, {}) (stream time {}): not counted in drift "
                    + "statistics; {} late so far on this task", what.get(), layout.model(), layout.version(),
                    timestamp, start, start + size, streamTime, late);
        }
    }

    private void count(ModelLayout layout, WindowStats window, ScoredEvent scored) {
        try {
            layout.add(window, scored);
        } catch (RuntimeException | StackOverflowError e) {
            // Cannot happen for an event the model could score (the encoder read the same paths); should it, the
            // event's prediction is out already, so it must not reach the dead-letter handler from here, nor an
            // Error kill the stream thread (and its replacement, on the same record, again).
            failed++;
            metrics.countFailed();
            if (failed == 1 || failed % 10_000 == 0) {
                log.warn("Event {} could not be counted in the drift statistics of {} v{} ({} so far): {}",
                        scored.event().positionId(), layout.model(), layout.version(), failed, e.toString());
            }
        }
        store.markDirty(window.key());
    }

    /**
     * Counts a labelled prediction into the performance of its version's window of the label's arrival. The
     * version may have been swapped out meanwhile: its layout is kept while recent, or rebuilt while the registry
     * still serves it; otherwise the label is not counted.
     */
    private void addLabelled(LabelledPrediction labelled, long timestamp, long streamTime) {
        Prediction prediction = labelled.prediction();
        ModelLayout layout = layoutOf(prediction.getModel(), prediction.getModelVersion());
        if (layout == null) {
            uncountedLabels++;
            metrics.countUncountedLabel();
            if (uncountedLabels == 1 || uncountedLabels % 10_000 == 0) {
                log.info("Label of event {} is for {} v{}, which has no reference profile on this instance (not served "
                        + "any more, or never had one): not counted in performance; {} so far on this task",
                        prediction.getEventId(), prediction.getModel(), prediction.getModelVersion(), uncountedLabels);
            }
            return;
        }
        boolean open = false;
        boolean judged = false;
        for (long start = windowStart(timestamp); start > timestamp - size; start -= hop) {
            WindowStats window = window(layout, prediction.getShadow(), start, streamTime);
            if (window != null) {
                open = true;
                if (layout.addLabelled(window, labelled)) {
                    judged = true;
                    store.markDirty(window.key());
                }
            }
        }
        if (!open) {
            late(layout, timestamp, streamTime, () -> "Label of event " + prediction.getEventId());
        } else if (!judged) {
            uncountedLabels++;
            metrics.countUncountedLabel();
            if (uncountedLabels == 1 || uncountedLabels % 10_000 == 0) {
                log.info("Label of event {} cannot judge {} v{} (a class label for a regression model, or a value "
                        + "for a classifier): not counted; {} so far on this task", prediction.getEventId(),
                        prediction.getModel(), prediction.getModelVersion(), uncountedLabels);
            }
        }
    }

    private ModelLayout layoutOf(String model, String version) {
        for (ModelLayout layout : layouts.values()) {
            if (layout != null && layout.model().equals(model) && layout.version().equals(version)) {
                return layout;
            }
        }
        for (ServingModel serving : registry.serving()) {
            if (serving.model().equals(model) && serving.version().equals(version)) {
                return layout(serving);
            }
        }
        return null;
    }

    /**
     * Wall-clock punctuation: the windows of a task that has been idle for the allowance close on wall time, but
     * only once its input partition is read to the end: a task that sees no events because it is still restoring,
     * or behind a backlog after a restart, is not idle, and its windows close on stream time as its records come.
     */
    private void closeIdle(long now) {
        if (gap.after(now) || !settings.inputProgress().caughtUp(context.taskId().partition())) {
            // Records wait, the consumer has yet to say, or this thread could not read (blocked, say through a
            // broker outage): the idle allowance starts later.
            lastEventWallMs = now;
            return;
        }
        if (now - lastEventWallMs < idle) {
            return;
        }
        close(end -> end + grace + idle <= now);
        long lastStart = windowStart(now - grace - idle - size);
        for (ServingModel serving : registry.serving()) {
            ModelLayout layout = layout(serving);
            if (layout == null) {
                continue;
            }
            ModelVersion version = new ModelVersion(layout.model(), layout.version());
            long from = Math.max(emptyFrom, lastStart - (MAX_EMPTY_WINDOWS - 1) * hop);
            // The first start after the windows (by end) already sent or emptied.
            long through = Math.max(emptiedThrough.getOrDefault(version, Long.MIN_VALUE),
                    closedThrough.getOrDefault(version, Long.MIN_VALUE));
            if (through != Long.MIN_VALUE) {
                from = Math.max(from, through - size + hop);
            }
            for (long start = from; start <= lastStart; start += hop) {
                if (store.get(new WindowKey(layout.model(), layout.version(), start)) == null) {
                    send(layout.newWindow(start, start + size, serving.shadow()));
                }
            }
            if (from <= lastStart) {
                emptiedThrough.merge(version, lastStart + size, Math::max);
            }
        }
    }

    /** Sends and removes every open window whose end passes the test, oldest first. */
    private void close(LongPredicate due) {
        List<WindowStats> closing = new ArrayList<>();
        for (WindowStats window : store.windows().values()) {
            if (due.test(window.windowEnd())) {
                closing.add(window);
            }
        }
        closing.sort(Comparator.comparingLong(WindowStats::windowStart));
        for (WindowStats window : closing) {
            send(store.close(window.key()));
            closedThrough.merge(new ModelVersion(window.model(), window.version()), window.windowEnd(), Math::max);
        }
        nextStreamClose = nextStreamClose();
    }

    private void send(WindowStats window) {
        WindowPartial partial = new WindowPartial(window, context.taskId().partition(),
                settings.inputPartitions().getAsInt());
        context.forward(new Record<>(window.model(), partial, window.windowEnd() - 1));
    }

    private long nextStreamClose() {
        long next = Long.MAX_VALUE;
        for (WindowStats window : store.windows().values()) {
            next = Math.min(next, window.windowEnd() + grace);
        }
        return next;
    }

    private ModelLayout layout(ServingModel serving) {
        ModelLayout layout = layouts.get(serving);
        if (layout == null && !layouts.containsKey(serving)) {
            if (layouts.size() >= 32) {
                layouts.clear(); // versions swapped out long ago; the serving ones come back on their next event
            }
            try {
                layout = ModelLayout.of(serving);
            } catch (RuntimeException e) {
                log.warn("Reference profile of model {} v{} is unusable, no drift statistics for it: {}",
                        serving.model(), serving.version(), e.toString());
            }
            layouts.put(serving, layout);
            if (layout == null && withoutReference.add(new ModelVersion(serving.model(), serving.version()))) {
                log.info("Model {} v{} has no reference profile: no drift statistics for it", serving.model(),
                        serving.version());
            }
        }
        return layout;
    }

    /** The start of the latest window holding {@code timestamp} (windows start on multiples of the hop). */
    private long windowStart(long timestamp) {
        return Math.floorDiv(timestamp, hop) * hop;
    }
}

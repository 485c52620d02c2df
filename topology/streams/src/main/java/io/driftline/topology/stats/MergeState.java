package io.driftline.topology.stats;

import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merge stage's state of one model version's window: the statistics merged so far and which partitions they
 * came from, until the report is made; then only a marker that it was, so that partials arriving later (a
 * partition that lagged past the wait, or a partial sent again after an at-least-once restart) change nothing.
 *
 * <p>Stored in {@value StatsStage#MERGE_STORE} in {@link #LAYOUT}. Its version byte is the window statistics'
 * layout version ({@link StatsCodec}), as main wrote it: version 2 is first arrival, first arrival with events,
 * reported at, input partitions, the partitions (each with whether its partial was empty), then the statistics
 * if not reported; version 1 is the same with statistics from before labels (no performance at the end).
 */
final class MergeState {

    private final Set<Integer> partitions;
    private final Set<Integer> emptyPartitions;
    private WindowStats stats;
    private int inputPartitions;
    private final long firstArrivalMs;
    private long firstEventsArrivalMs;
    private long reportedAtMs;

    private MergeState(WindowStats stats, Set<Integer> partitions, Set<Integer> emptyPartitions, int inputPartitions,
            long firstArrivalMs, long firstEventsArrivalMs, long reportedAtMs) {
        this.stats = stats;
        this.partitions = partitions;
        this.emptyPartitions = emptyPartitions;
        this.inputPartitions = inputPartitions;
        this.firstArrivalMs = firstArrivalMs;
        this.firstEventsArrivalMs = firstEventsArrivalMs;
        this.reportedAtMs = reportedAtMs;
    }

    /** The state after the first partial of a window. */
    static MergeState first(WindowPartial partial, long nowMs) {
        MergeState state = new MergeState(partial.stats(), new TreeSet<>(), new TreeSet<>(), 0, nowMs, Long.MIN_VALUE,
                Long.MIN_VALUE);
        state.note(partial, nowMs);
        return state;
    }

    /** What a partial does to this state. */
    enum Outcome {
        /** Merged in. */
        MERGED,
        /** Its partition's statistics are in already (or the report was made): ignored. */
        DUPLICATE
    }

    /**
     * Merges a partial in, unless its partition's statistics are in already. A partition that sent an empty partial
     * (idle on wall-clock time) and then one with events (it woke up before its stream time closed the window) is
     * merged once more: the empty one added nothing.
     */
    Outcome add(WindowPartial partial, long nowMs) {
        int partition = partial.sourcePartition();
        boolean replacesEmpty = emptyPartitions.contains(partition) && partial.stats().events() > 0;
        if (reported() || (partitions.contains(partition) && !replacesEmpty)) {
            return Outcome.DUPLICATE;
        }
        stats.merge(partial.stats());
        note(partial, nowMs);
        return Outcome.MERGED;
    }

    private void note(WindowPartial partial, long nowMs) {
        int partition = partial.sourcePartition();
        partitions.add(partition);
        if (partial.stats().events() > 0) {
            emptyPartitions.remove(partition);
            if (firstEventsArrivalMs == Long.MIN_VALUE) {
                firstEventsArrivalMs = nowMs;
            }
        } else {
            emptyPartitions.add(partition);
        }
        inputPartitions = Math.max(inputPartitions, partial.inputPartitions());
    }

    /** True when every input partition has sent its partial (never while the partition count is unknown). */
    boolean complete() {
        return inputPartitions > 0 && partitions.size() >= inputPartitions;
    }

    /**
     * When to report without the missing partials: {@code wait} after the first partial with events. Never while
     * every partial is empty: an empty partial must not start the clock, or partitions lagging behind wall time
     * would find their window reported (as empty) before their events arrive.
     */
    long deadlineMs(long waitMs) {
        return firstEventsArrivalMs == Long.MIN_VALUE ? Long.MAX_VALUE : firstEventsArrivalMs + waitMs;
    }

    /** Keeps only the marker. */
    void markReported(long nowMs) {
        reportedAtMs = nowMs;
        stats = null;
    }

    boolean reported() {
        return reportedAtMs != Long.MIN_VALUE;
    }

    long reportedAtMs() {
        return reportedAtMs;
    }

    long firstArrivalMs() {
        return firstArrivalMs;
    }

    /** The merged statistics; null once reported. */
    WindowStats stats() {
        return stats;
    }

    /** Partitions whose statistics are in. */
    int partitions() {
        return partitions.size();
    }

    int inputPartitions() {
        return inputPartitions;
    }

    /** The layout of the values of {@value StatsStage#MERGE_STORE}. */
    static final StateLayout<MergeState> LAYOUT = StateLayout.<MergeState>of(StatsStage.MERGE_STORE)
            .current(StatsCodec.VERSION, MergeState::write, body -> read(StateLayout.data(body)))
            // Statistics are last in the value, so readStats sees where layout 1 ends (no performance).
            .reads(StatsCodec.FIRST_VERSION, body -> read(StateLayout.data(body)))
            .sizeHint(1024)
            .build();

    private static void write(MergeState state, DataOutputStream out) throws IOException {
        out.writeLong(state.firstArrivalMs);
        out.writeLong(state.firstEventsArrivalMs);
        out.writeLong(state.reportedAtMs);
        out.writeInt(state.inputPartitions);
        out.writeInt(state.partitions.size());
        for (int partition : state.partitions) {
            out.writeInt(partition);
            out.writeBoolean(state.emptyPartitions.contains(partition));
        }
        out.writeBoolean(state.stats != null);
        if (state.stats != null) {
            StatsCodec.writeStats(out, state.stats);
        }
    }

    private static MergeState read(DataInputStream in) throws IOException {
        long firstArrival = in.readLong();
        long firstEvents = in.readLong();
        long reportedAt = in.readLong();
        int inputPartitions = in.readInt();
        int count = in.readInt();
        Set<Integer> partitions = new TreeSet<>();
        Set<Integer> empty = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            int partition = in.readInt();
            partitions.add(partition);
            if (in.readBoolean()) {
                empty.add(partition);
            }
        }
        WindowStats stats = in.readBoolean() ? StatsCodec.readStats(in) : null;
        return new MergeState(stats, partitions, empty, inputPartitions, firstArrival, firstEvents, reportedAt);
    }
}

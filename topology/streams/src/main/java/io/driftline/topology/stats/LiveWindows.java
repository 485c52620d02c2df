package io.driftline.topology.stats;

import io.driftline.DriftReport;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.DriftTests;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.topology.score.ModelRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Live statistics of the windows still open, through Interactive Queries: every task's share of each open window
 * (read from {@value StatsStage#ACCUMULATOR_STORE} with IQv2, as written back at the task's last commit, so within
 * {@code commit.interval.ms}: 100 ms under exactly-once), gathered from every instance, merged as the merge stage
 * would merge partials, and judged against the version's reference like a closed window. A window's statistics are
 * spread over all partitions, so there is no single owner to forward to: each instance answers for its own
 * partitions ({@link #local}) and the one asked gathers the others' shares ({@link #pack}/{@link #unpack} carry
 * them between instances).
 */
public final class LiveWindows {

    private LiveWindows() {
    }

    /**
     * The encoded window statistics of this instance's active tasks (standbys would count twice).
     *
     * @return one entry per task and open window; empty when the stage is off or no task is active
     * @throws IllegalStateException when a partition cannot be queried now (rebalancing, restoring)
     */
    public static List<byte[]> local(KafkaStreams streams) {
        StateQueryResult<KeyValueIterator<Bytes, AccumulatorEntry>> result = streams.query(
                StateQueryRequest.inStore(StatsStage.ACCUMULATOR_STORE)
                        .withQuery(RangeQuery.<Bytes, AccumulatorEntry>withNoBounds()).requireActive());
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<Bytes, AccumulatorEntry>>> partition
                : result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<Bytes, AccumulatorEntry>> answer = partition.getValue();
            if (answer.isFailure()) {
                throw new IllegalStateException("partition " + partition.getKey() + " of "
                        + StatsStage.ACCUMULATOR_STORE + " cannot be queried now: " + answer.getFailureReason() + ": "
                        + answer.getFailureMessage());
            }
            // A task's window is its stored whole plus its deltas: one share per window per task.
            Map<WindowKey, WindowStats> windows = new java.util.LinkedHashMap<>();
            try (KeyValueIterator<Bytes, AccumulatorEntry> it = answer.getResult()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, AccumulatorEntry> entry = it.next();
                    WindowStats stats = entry.value instanceof AccumulatorEntry.Window window ? window.stats()
                            : entry.value instanceof AccumulatorEntry.Delta delta ? delta.stats() : null;
                    if (stats != null) { // not the task's window clock
                        WindowStats into = windows.putIfAbsent(stats.key(), stats);
                        if (into != null) {
                            into.merge(stats);
                        }
                    }
                }
            }
            // Shares travel between instances in the statistics' own layout, not the store's, so that the store's
            // layout can change without changing what instances exchange.
            windows.values().forEach(stats -> out.add(StatsCodec.encode(stats)));
        }
        return out;
    }

    /**
     * Merges the shares per model version and window and judges each against its reference profile: drift
     * reports of windows still open (their counts grow until they close), oldest first. Windows of a version
     * without a reference on this instance are left out.
     */
    public static List<DriftReport> judge(List<byte[]> shares, ModelRegistry registry, StatsSettings settings,
                                          long nowMs) {
        Map<WindowKey, WindowStats> merged = new LinkedHashMap<>();
        Map<WindowKey, Integer> counts = new LinkedHashMap<>();
        for (byte[] share : shares) {
            WindowStats stats = StatsCodec.decodeStats(share);
            WindowStats into = merged.putIfAbsent(stats.key(), stats);
            if (into != null) {
                into.merge(stats);
            }
            counts.merge(stats.key(), 1, Integer::sum);
        }
        DriftTests tests = new DriftTests(settings.thresholds());
        PerformanceTests performance = new PerformanceTests(settings.performance());
        List<DriftReport> out = new ArrayList<>();
        merged.forEach((key, stats) -> {
            ReferenceProfile profile = registry.referenceProfile(key.model(), key.version());
            if (profile != null && stats.events() + stats.performance().count() > 0) {
                out.add(DriftReports.build(stats, profile, tests, performance, counts.get(key),
                        settings.inputPartitions().getAsInt(), nowMs));
            }
        });
        out.sort(Comparator.comparing((DriftReport r) -> r.getModel()).thenComparing(DriftReport::getModelVersion)
                .thenComparing(DriftReport::getWindowStart));
        return out;
    }

    /** Shares as one body for another instance: a count, then each share's length and bytes. */
    public static byte[] pack(List<byte[]> shares) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(shares.size());
            for (byte[] share : shares) {
                out.writeInt(share.length);
                out.write(share);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@link #pack} made. */
    public static List<byte[]> unpack(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int count = in.readInt();
            List<byte[]> shares = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] share = new byte[in.readInt()];
                in.readFully(share);
                shares.add(share);
            }
            return shares;
        } catch (IOException e) {
            throw new IllegalArgumentException("not packed window statistics: " + body.length + " bytes", e);
        }
    }
}

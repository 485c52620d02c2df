package io.driftline.app.metrics;

import io.driftline.topology.stats.InputProgress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * {@link InputProgress} from the stream threads' consumers: Kafka's own {@code records-lag} per assigned partition
 * of the input topics. A partition counts as caught up only when its lag is known and zero and Kafka Streams is
 * running with no store restoring (a task whose partition was fetched may still be initialising); before the first
 * fetch (just after a start or a rebalance) it is not, so nothing closes on
 * wall-clock time on a guess. All input counts as caught up only when every partition of the input topics has a
 * known lag of zero here: a partition whose task is still restoring has no lag metric yet, and one on another
 * instance sends its partial from there (an idle one an empty partial), so the merge keeps waiting for it rather
 * than reporting a window short.
 *
 * <p>A lag is only as fresh as the last fetch response. While the broker is away (a bounce, a network split) the
 * consumer's {@code records-lag} keeps the zero it last saw, yet records are being produced that it cannot read yet;
 * so a partition also counts as caught up only while its consumer's {@code fetch-total} has advanced within the
 * staleness allowance. A consumer with nothing to read still completes a fetch every {@code fetch.max.wait.ms}
 * (a long poll), so a silent one is one that cannot reach its broker. Read at most every {@value #REFRESH_MS} ms:
 * the punctuators of every task ask, and the metrics map is large.
 */
public final class InputBacklog implements InputProgress {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InputBacklog.class);

    static final long REFRESH_MS = 250;
    private static final long SILENT_LOG_MS = 5_000;

    private final Set<String> topics;
    private final Supplier<Map<MetricName, ? extends Metric>> streamsMetrics;
    private final IntSupplier partitionCount;
    private final BooleanSupplier running;
    private final long fetchStaleMs;
    private final Map<String, long[]> fetches = new HashMap<>(); // client-id -> {fetch-total, wall ms it last moved}
    private final Set<String> silent = new java.util.HashSet<>(); // silent long enough to be said, once
    private Map<Integer, Boolean> byPartition = Map.of();
    private boolean all;
    private boolean everCaughtUp;
    private long readAtMs; // 0: never read (a subtraction from Long.MIN_VALUE would overflow)

    /**
     * @param topics         the input topics (events, and labels when on)
     * @param streamsMetrics Kafka Streams' metrics (null before it exists)
     * @param partitionCount partitions per input topic (0: unknown, never all caught up)
     * @param running        true while Kafka Streams runs with no store of this instance restoring
     * @param fetchStaleMs   how long a consumer may complete no fetch before its lags count as unknown (a few
     *                       times {@code fetch.max.wait.ms}; see {@link #staleAfter})
     */
    public InputBacklog(Set<String> topics, Supplier<Map<MetricName, ? extends Metric>> streamsMetrics,
                        IntSupplier partitionCount, BooleanSupplier running, long fetchStaleMs) {
        this.topics = Set.copyOf(topics);
        this.streamsMetrics = streamsMetrics;
        this.partitionCount = partitionCount;
        this.running = running;
        this.fetchStaleMs = fetchStaleMs;
    }

    /**
     * The staleness allowance for a main consumer whose long poll waits {@code fetchMaxWaitMs}: two polls and a
     * half-second margin, so an idle consumer never looks silent and a broker gone for a second already does.
     */
    public static long staleAfter(long fetchMaxWaitMs) {
        return 2 * Math.max(fetchMaxWaitMs, 0) + 500;
    }

    @Override
    public synchronized boolean caughtUp(int partition) {
        refresh();
        return running.getAsBoolean() && byPartition.getOrDefault(partition, false);
    }

    @Override
    public synchronized boolean allCaughtUp() {
        refresh();
        return all && running.getAsBoolean();
    }

    private void refresh() {
        long now = System.currentTimeMillis();
        if (now - readAtMs < REFRESH_MS) {
            return;
        }
        readAtMs = now;
        Map<String, Boolean> seen = new HashMap<>();
        Map<Integer, Boolean> out = new HashMap<>();
        boolean allZero = true;
        Map<MetricName, ? extends Metric> metrics = streamsMetrics.get();
        if (metrics == null) {
            byPartition = Map.of();
            all = false;
            return;
        }
        Set<String> fresh = freshConsumers(metrics, now);
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")
                    || !isInput(name.tags().get("topic")) || name.tags().get("partition") == null) {
                continue;
            }
            Object value = e.getValue().metricValue();
            // NaN: assigned but not fetched yet. Not caught up, as far as anyone knows.
            boolean zero = value instanceof Number n && !Double.isNaN(n.doubleValue()) && n.doubleValue() <= 0
                    && fresh.contains(name.tags().get("client-id"));
            out.merge(Integer.parseInt(name.tags().get("partition")), zero, Boolean::logicalAnd);
            seen.merge(name.tags().get("topic") + "/" + name.tags().get("partition"), zero, Boolean::logicalAnd);
            allZero &= zero;
        }
        byPartition = out;
        int count = partitionCount.getAsInt();
        boolean was = all;
        all = allZero && count > 0 && seen.size() >= count * topics.size()
                && seen.values().stream().allMatch(Boolean::booleanValue);
        if (all && !everCaughtUp) {
            everCaughtUp = true; // once: under live traffic the lag flips between 0 and a few records all the time
            log.info("Input read to its end after the start: {}", new java.util.TreeMap<>(seen));
        } else if (all != was) {
            log.debug(all ? "Input read to its end: {}" : "Input behind or not fetched yet: {}",
                    new java.util.TreeMap<>(seen));
        }
    }

    /**
     * The consumers (by client id) whose {@code fetch-total} moved within the staleness allowance, of those that
     * read input here (the restore and global consumers fetch only when they have something to restore).
     */
    private Set<String> freshConsumers(Map<MetricName, ? extends Metric> metrics, long now) {
        Set<String> readers = new java.util.HashSet<>();
        for (MetricName name : metrics.keySet()) {
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && isInput(name.tags().get("topic"))) {
                readers.add(name.tags().get("client-id"));
            }
        }
        Set<String> fresh = new java.util.HashSet<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String client = name.tags().get("client-id");
            if (!name.name().equals("fetch-total") || !name.group().equals("consumer-fetch-manager-metrics")
                    || name.tags().containsKey("topic") || !readers.contains(client)) {
                continue;
            }
            long total = e.getValue().metricValue() instanceof Number n ? n.longValue() : 0;
            long[] last = fetches.get(client);
            if (last == null || last[0] != total) {
                // First sight counts as a move: just after a start the consumer has only begun to fetch.
                last = new long[] {total, now};
                fetches.put(client, last);
                if (silent.remove(client)) {
                    log.info("Consumer {} completes fetches again", client);
                }
            }
            long quietMs = now - last[1];
            if (quietMs <= fetchStaleMs) {
                fresh.add(client);
            } else if (quietMs > SILENT_LOG_MS && silent.add(client)) {
                // Shorter silences are common (a consumer pauses fetching while its buffer is full) and say less.
                log.info("Consumer {} has completed no fetch for {} ms (broker unreachable?): its input counts as"
                        + " not read to its end, so no window closes on wall-clock time meanwhile", client, quietMs);
            }
        }
        return fresh;
    }

    /** Kafka writes some topic tags with dots as underscores: accept both spellings. */
    private boolean isInput(String topic) {
        if (topic == null) {
            return false;
        }
        for (String t : topics) {
            if (t.equals(topic) || t.replace('.', '_').equals(topic)) {
                return true;
            }
        }
        return false;
    }
}

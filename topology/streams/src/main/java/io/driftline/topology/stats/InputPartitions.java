package io.driftline.topology.stats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition count of the events topic (with labels on, the larger of it and the labels topic's), which is the
 * number of tasks that send partials for each window: the
 * merge reports a window as soon as it has heard from all of them. A processor cannot ask Kafka Streams for it, so
 * it is looked up with an admin client: once, blocking up to {@link #FIRST_LOOKUP} on first use (a task's init),
 * then again in the background at most every {@link #REFRESH} (partitions can be added). Until a lookup succeeds
 * the count is 0, unknown, and the merge waits out the idle allowance instead.
 */
public final class InputPartitions implements IntSupplier {

    static final Duration FIRST_LOOKUP = Duration.ofSeconds(10);
    static final Duration REFRESH = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(InputPartitions.class);
    private static final ExecutorService LOOKUPS = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "driftline-input-partitions");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Object> adminConfig;
    private final List<String> topics;
    private final java.util.regex.Pattern subscription;
    private final AtomicBoolean looking = new AtomicBoolean();
    private volatile int count;
    private volatile long lookedUpAt = Long.MIN_VALUE;

    private InputPartitions(Map<String, Object> adminConfig, List<String> topics, java.util.regex.Pattern subscription) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.topics = List.copyOf(topics);
        this.subscription = subscription;
    }

    /** A fixed count (tests, or a deployment that pins it). */
    public static IntSupplier fixed(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("partition count must be >= 0: " + count);
        }
        return () -> count;
    }

    /**
     * The largest partition count of {@code topics} (the statistics tasks are as many as the partitions of their
     * widest source), looked up with an admin client of {@code adminConfig}.
     */
    public static InputPartitions ofTopics(Map<String, Object> adminConfig, String... topics) {
        return new InputPartitions(adminConfig, List.of(topics), null);
    }

    /**
     * The largest partition count of the existing topics {@code subscription} matches (the input topics: the
     * scoring tasks are as many as the partitions of the widest) and of {@code topics}.
     */
    public static InputPartitions ofSubscription(Map<String, Object> adminConfig, java.util.regex.Pattern subscription,
                                                 String... topics) {
        return new InputPartitions(adminConfig, List.of(topics), subscription);
    }

    @Override
    public int getAsInt() {
        long now = System.nanoTime();
        if (lookedUpAt == Long.MIN_VALUE || now - lookedUpAt > REFRESH.toNanos()) {
            if (looking.compareAndSet(false, true)) {
                Future<?> lookup = LOOKUPS.submit(this::lookUp);
                if (count == 0) {
                    try {
                        lookup.get(FIRST_LOOKUP.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        log.warn("Partition count of {} not known yet ({}); drift merges wait out the idle allowance",
                                topics, e.toString());
                    }
                }
            }
        }
        return count;
    }

    private void lookUp() {
        try (Admin admin = Admin.create(adminConfig)) {
            java.util.Set<String> names = new java.util.TreeSet<>(topics);
            if (subscription != null) {
                admin.listTopics().names().get(FIRST_LOOKUP.toMillis(), TimeUnit.MILLISECONDS).stream()
                        .filter(t -> subscription.matcher(t).matches()).forEach(names::add);
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(FIRST_LOOKUP.toMillis(), TimeUnit.MILLISECONDS);
            int partitions = descriptions.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(0);
            if (partitions != count) {
                log.info("{}: {} partition(s), so each drift window merges that many partials", topics, partitions);
            }
            count = partitions;
        } catch (Exception e) {
            log.warn("Could not look up the partition count of {}: {}", topics, e.toString());
        } finally {
            lookedUpAt = System.nanoTime();
            looking.set(false);
        }
    }
}

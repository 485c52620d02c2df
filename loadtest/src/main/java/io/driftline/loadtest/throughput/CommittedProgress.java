package io.driftline.loadtest.throughput;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches how far an application has committed its input, as an operator watching lag would
 * ({@link Admin#listConsumerGroupOffsets}): what counts is what the application has committed, so a run is only
 * over once its work is durable, not once it has read everything.
 */
final class CommittedProgress {

    private static final long POLL_MILLIS = 50;

    private final Admin admin;
    private final List<TopicPartition> input;
    private final long events;

    /**
     * @param input  the input topic's partitions
     * @param events what they hold in all (their end offsets, summed; the topic starts at offset 0)
     */
    CommittedProgress(Admin admin, List<TopicPartition> input, long events) {
        this.admin = admin;
        this.input = List.copyOf(input);
        this.events = events;
    }

    /**
     * Waits until group {@code groupId} has committed every input offset, noting when {@code firstOutput} first
     * says yes (checked on every poll) and then running {@code atFirstOutput} once.
     *
     * @param startNanos when the application was started
     * @throws IllegalStateException when the time-out passes first
     */
    Throughput await(String groupId, long startNanos, BooleanSupplier firstOutput, Runnable atFirstOutput,
                     Duration timeout) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstOutputNanos = -1;
        long committedAtFirst = 0;
        while (System.nanoTime() < deadline) {
            long committed = committed(groupId);
            long now = System.nanoTime();
            if (firstOutputNanos < 0 && (committed > 0 || firstOutput.getAsBoolean())) {
                // A commit means output was written in the same transaction (or before it, at least once).
                firstOutputNanos = now;
                committedAtFirst = committed;
                atFirstOutput.run();
            }
            if (committed >= events) {
                return new Throughput(events, startNanos, firstOutputNanos, Math.min(committedAtFirst, events), now);
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("group " + groupId + " committed " + committed(groupId) + " of " + events
                + " input offsets within " + timeout);
    }

    /** Input offsets group {@code groupId} has committed, summed over the input partitions. */
    long committed(String groupId) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (TopicPartition p : input) {
            OffsetAndMetadata o = offsets.get(p);
            sum += o == null ? 0 : o.offset();
        }
        return sum;
    }
}

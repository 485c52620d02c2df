package io.driftline.app.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records not yet processed, per input partition: the end offset a read_committed reader sees minus the offset the
 * application committed (what {@code kafka-consumer-groups --describe} shows). Unlike the consumers' own
 * {@code records-lag}, which falls to zero as soon as records are fetched into Kafka Streams' buffers, this stays
 * above zero while a record is stuck in processing (a registry outage, a record that kills the thread again and
 * again). Asked at most every {@value #REFRESH_MS} ms (two admin calls); a failed call keeps the last answer.
 */
public final class CommittedLag implements AutoCloseable {

    static final long REFRESH_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(CommittedLag.class);

    private final Admin admin;
    private final String groupId;
    private Map<TopicPartition, Long> last = Map.of();
    private long readAtMs;

    public CommittedLag(Map<String, Object> adminConfig, String groupId) {
        this.admin = Admin.create(adminConfig);
        this.groupId = groupId;
    }

    /** Unprocessed records of each partition (those the application never committed count from 0). */
    public synchronized Map<TopicPartition, Long> of(Collection<TopicPartition> partitions) {
        long now = System.currentTimeMillis();
        if (partitions.isEmpty() || now - readAtMs < REFRESH_MS) {
            return last;
        }
        readAtMs = now;
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(5_000)).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                out.put(p, Math.max(0, ends.get(p).offset() - (c == null ? 0 : c.offset())));
            }
            last = Map.copyOf(out);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Committed offsets of {} not read: {}", groupId, e.toString());
        }
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}

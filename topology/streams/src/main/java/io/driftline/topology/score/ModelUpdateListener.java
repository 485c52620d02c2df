package io.driftline.topology.score;

import io.driftline.ModelUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link ModelRegistry} from the compacted model-updates topic on its own thread.
 *
 * <p>Every instance must see every model, so this is a plain consumer that assigns all partitions and reads
 * from the beginning (no consumer group, nothing committed), rather than a stream task that would see only
 * its own partitions. It is also not a global store: Kafka Streams restores global stores by bulk-loading
 * the changelog without calling the processor (KAFKA-7663), and loading a model takes real work. Keeping
 * this off the stream threads means a slow model load never stalls scoring: the old version serves until
 * the new one is verified.
 *
 * <p>Nothing a record carries ends this thread: every Throwable from one bundle rejects that bundle (the registry
 * records why) and the next record is applied; a failing poll is retried after a pause. {@link #health()} tells
 * whether the thread still runs and what failed last.
 */
public final class ModelUpdateListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelUpdateListener.class);

    private final String topic;
    private final ModelRegistry registry;
    private final KafkaConsumer<String, ModelUpdate> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    /**
     * The listener's state, for readiness checks.
     *
     * @param alive         the thread has started and not stopped (false before {@link #start()} and after close)
     * @param lastFailure   the last failure of the listener itself (a poll, or a bundle that threw past the
     *                      registry), null when none
     * @param lastFailureAt when it happened, null when none
     */
    public record Health(boolean alive, String lastFailure, Instant lastFailureAt) {
    }

    /**
     * @param consumerConfig bootstrap servers and any client settings; group and offset settings are ignored
     */
    public ModelUpdateListener(String topic, Map<String, Object> consumerConfig, Deserializer<ModelUpdate> deserializer,
                               ModelRegistry registry) {
        this.topic = topic;
        this.registry = registry;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "driftline-model-updates");
        // Bundles can be large: fetch them whole.
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        this.thread = new Thread(this::run, "driftline-model-updates");
        this.thread.setDaemon(true);
    }

    /** Whether the thread runs, and what failed last; cheap, safe from any thread. */
    public Health health() {
        return new Health(thread.isAlive(), lastFailure, lastFailureAt);
    }

    private void failed(String what, Throwable e) {
        lastFailure = what + ": " + e;
        lastFailureAt = Instant.now();
    }

    /** Starts reading; models present on the topic are loaded first. */
    public void start() {
        thread.start();
    }

    /**
     * Waits until every bundle that was on the topic when the listener started has been applied, so that
     * after a restart the current model serves before any event is scored.
     *
     * @return false on time-out
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return; // closed while waiting
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            checkCaughtUp(end);
            while (running.get()) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (Throwable e) { // NOPMD: nothing may end model updates for the life of the instance
                    // A broker hiccup (or an Error while decoding) must not end model updates: log, back off, go on.
                    failed("poll of " + topic, e);
                    log.error("Model-update listener failed to poll {}; retrying in 1 s", topic, e);
                    Thread.sleep(1_000);
                }
                if (caughtUp.getCount() > 0) {
                    checkCaughtUp(end);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                log.error("Model-update listener woken unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // NOPMD: record why the thread ends, whatever it is
            failed("listener stopped", e);
            log.error("Model-update listener stopped: no further model updates will be applied", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The topic's partitions, waiting while it does not exist yet: a topic created a moment ago may be missing
     * from the metadata for a little while, and an instance may start before the topic is provisioned.
     */
    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        long warnAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > warnAt) {
                log.warn("Waiting for the model-update topic {} to exist", topic);
                warnAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            }
            Thread.sleep(250);
        }
        return List.of();
    }

    /**
     * Whether the record asks to serve its bundle as champion whatever its action says: a promotion of the shadow,
     * or a rollback to an earlier version, both republished byte for byte (so a signed bundle stays signed) with the
     * header {@value #LIFECYCLE_HEADER}.
     */
    static boolean championRequested(ConsumerRecord<String, ?> record) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(LIFECYCLE_HEADER);
        if (header == null || header.value() == null) {
            return false;
        }
        String value = new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        return value.equals("PROMOTE") || value.equals("ROLLBACK");
    }

    /** The header of a promote or rollback record (the audit stage reads it too). */
    public static final String LIFECYCLE_HEADER = "driftline.lifecycle";

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, ModelUpdate> record : consumer.poll(Duration.ofMillis(500))) {
                try {
                    registry.apply(record.key(), record.value(), record.partition(), record.offset(),
                            championRequested(record));
                } catch (Throwable e) { // NOPMD: the registry rejects what it can; this is the last line
                    // Skipped, not retried: a record that throws here would throw again on every replay.
                    registry.verdicts().passed(record.partition(), record.offset());
                    failed("record " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
                    log.error("Model update at {}-{} offset {} failed; skipped", record.topic(), record.partition(),
                            record.offset(), e);
                }
            }
        } catch (RecordDeserializationException e) {
            // A bundle that does not decode must not stop model updates: reject it and move past it.
            registry.rejectUndecodable(String.valueOf(e.topicPartition()), "offset " + e.offset() + ": " + e.getMessage(),
                    e.topicPartition().partition(), e.offset());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private void checkCaughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        caughtUp.countDown();
    }

    @Override
    public void close() {
        running.set(false);
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

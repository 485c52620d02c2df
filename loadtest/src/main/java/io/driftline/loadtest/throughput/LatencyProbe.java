package io.driftline.loadtest.throughput;

import io.driftline.Prediction;
import io.driftline.devkit.payments.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produce-to-visible latency at a fixed rate: live demo payments sent on a schedule, each stamped with its send
 * time (record timestamp and event time), and a read_committed consumer on the predictions topic, as a downstream
 * reader would see them, timing each event from its send to its prediction becoming visible. Under exactly-once a
 * prediction is visible only once its transaction commits, so the commit interval is part of the figure.
 */
final class LatencyProbe {

    /**
     * @param sent       events sent after the warm-up (the measured ones)
     * @param seen       of those, predictions seen within the drain time-out
     * @param histogram  latencies in microseconds
     * @param toScored   milliseconds from the send to the prediction's {@code scoredAt} (the service's clock: the
     *                   same machine's): the input's fetch, the queue before the stream thread, the scoring batch
     * @param toVisible  milliseconds from {@code scoredAt} to visibility: the wait for the commit, the commit, the
     *                   transaction markers and the reader's fetch
     * @param slices     the latencies by {@link #SLICE} of sending (the event's send time), the warm-up's included:
     *                   whether the tail is spread over the run or sits in a stretch of it, such as its start
     * @param warmUpSlices how many of the slices, first, are the warm-up's
     */
    record Result(double rate, long sent, long seen, Histogram histogram, Histogram toScored, Histogram toVisible,
                  List<Slice> slices, int warmUpSlices) {

        double percentileMillis(double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e3;
        }

        double maxMillis() {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1e3;
        }

        /** The median of one of the two parts ({@link #toScored} or {@link #toVisible}), NaN when empty. */
        static double medianMillis(Histogram millis) {
            return millis.getTotalCount() == 0 ? Double.NaN : millis.getValueAtPercentile(50);
        }

        /** The p99 in milliseconds of each slice of sending, in order ("-" for a slice with nothing seen). */
        String sliceP99s() {
            return joined(Slice::latencyMicros, 1_000);
        }

        /** The p99 in milliseconds from the send to {@code scoredAt} of each slice of sending. */
        String scoredSliceP99s() {
            return joined(Slice::toScoredMillis, 1);
        }

        private String joined(Function<Slice, Histogram> part, long perMilli) {
            StringBuilder out = new StringBuilder(warmUpSlices > 0 ? "warm-up " : "");
            for (int i = 0; i < slices.size(); i++) {
                if (i > 0) {
                    out.append(i == warmUpSlices ? " | " : " ");
                }
                Histogram h = part.apply(slices.get(i));
                out.append(h.getTotalCount() == 0 ? "-" : String.valueOf(h.getValueAtPercentile(99) / perMilli));
            }
            return out.toString();
        }

        /** p50 and p99 in milliseconds of one of the two parts. */
        static String parts(Histogram millis) {
            return millis.getTotalCount() == 0 ? "-" : String.format(java.util.Locale.ROOT, "p50 %d, p99 %d",
                    millis.getValueAtPercentile(50), millis.getValueAtPercentile(99));
        }
    }

    /**
     * One {@link #SLICE} of sending.
     *
     * @param latencyMicros  send to visible, in microseconds
     * @param toScoredMillis send to {@code scoredAt}, in milliseconds
     */
    record Slice(Histogram latencyMicros, Histogram toScoredMillis) {

        Slice() {
            this(new Histogram(Duration.ofMinutes(10).toNanos() / 1_000, 2),
                    new Histogram(Duration.ofMinutes(10).toMillis(), 2));
        }
    }

    /**
     * When an event was sent: a monotonic time for the latency, the wall clock to compare with {@code scoredAt};
     * {@code warmUp} for an event sent before measuring began.
     */
    private record Sent(long nanos, long millis, boolean warmUp) {
    }

    /** The stretch of sending each of {@link Result#slices} covers. */
    static final Duration SLICE = Duration.ofSeconds(5);

    private LatencyProbe() {
    }

    /**
     * Sends at {@code rate} a second for {@code warmUp} without measuring, then for {@code duration} measured, and
     * waits up to {@code drainTimeout} more for the last predictions. The warm-up is for what a service that has
     * been running live has already done, and a fresh stretch of live traffic makes it do first: the JIT compiler's
     * work on the live paths (small scoring batches, the wall-clock flushes), which on two cores takes a quarter of
     * the machine for its first 10-15 s.
     */
    static Result run(Map<String, Object> clientConfig, Serializer<GenericRecord> avro, String eventsTopic,
                      String predictionsTopic, Deserializer<Prediction> predictions, Transactions.Generator generator,
                      double rate, Duration warmUp, Duration duration, Duration drainTimeout) throws Exception {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0: " + rate);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0: " + warmUp);
        }
        Map<String, Sent> pending = new ConcurrentHashMap<>();
        Histogram histogram = new Histogram(Duration.ofMinutes(10).toNanos() / 1_000, 3);
        Histogram toScored = new Histogram(Duration.ofMinutes(10).toMillis(), 3);
        Histogram toVisible = new Histogram(Duration.ofMinutes(10).toMillis(), 3);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long warmUpCount = Math.round(rate * warmUp.toNanos() / 1e9);
        long total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        int warmUpSlices = (int) ((warmUp.toNanos() + SLICE.toNanos() - 1) / SLICE.toNanos());
        List<Slice> slices = new ArrayList<>();
        for (long i = 0; i * SLICE.toNanos() < warmUpSlices * SLICE.toNanos() + duration.toNanos(); i++) {
            slices.add(new Slice());
        }
        try (KafkaConsumer<String, Prediction> consumer = consumer(clientConfig, predictions);
             KafkaProducer<String, byte[]> producer = producer(clientConfig)) {
            List<TopicPartition> partitions = consumer.partitionsFor(predictionsTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(predictionsTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // resolve the seek before sending
            Thread sender = new Thread(() -> send(producer, avro, eventsTopic, generator, rate, warmUpCount,
                    warmUpCount + total, pending, failure),
                    "latency-producer");
            sender.setDaemon(true);
            long sendStart = System.nanoTime();
            sender.start();
            long sendEnd = System.nanoTime() + warmUp.toNanos() + duration.toNanos();
            long deadline = sendEnd + drainTimeout.toNanos();
            long seen = 0;
            while (System.nanoTime() < deadline && (sender.isAlive() || !pending.isEmpty())) {
                for (ConsumerRecord<String, Prediction> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    long nowMillis = System.currentTimeMillis();
                    Sent sentAt = r.value() == null ? null : pending.remove(r.value().getEventId());
                    if (sentAt != null) {
                        long micros = Math.max(0, (now - sentAt.nanos()) / 1_000);
                        long scoredAt = r.value().getScoredAt().toEpochMilli();
                        // Measured slices start at a slice boundary after the warm-up, whatever its length.
                        long sinceStart = sentAt.nanos() - sendStart;
                        int slice = sentAt.warmUp() ? (int) (sinceStart / SLICE.toNanos())
                                : warmUpSlices + (int) ((sinceStart - warmUp.toNanos()) / SLICE.toNanos());
                        slice = Math.max(0, Math.min(slice, slices.size() - 1));
                        long scoredMillis = Math.max(0, scoredAt - sentAt.millis());
                        Slice sliceOf = slices.get(slice);
                        sliceOf.latencyMicros().recordValue(micros);
                        sliceOf.toScoredMillis().recordValue(scoredMillis);
                        if (!sentAt.warmUp()) {
                            histogram.recordValue(micros);
                            toScored.recordValue(scoredMillis);
                            toVisible.recordValue(Math.max(0, nowMillis - scoredAt));
                            seen++;
                        }
                    }
                }
            }
            sender.join(Duration.ofSeconds(10).toMillis());
            if (failure.get() != null) {
                throw new IllegalStateException("sending live events failed: " + failure.get().getMessage(),
                        failure.get());
            }
            return new Result(rate, total, seen, histogram, toScored, toVisible, slices, warmUpSlices);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Serializer<GenericRecord> avro, String topic,
                             Transactions.Generator generator, double rate, long warmUpCount, long total,
                             Map<String, Sent> pending, AtomicReference<Exception> failure) {
        long start = System.nanoTime();
        try {
            for (long i = 0; i < total && failure.get() == null; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long now = System.currentTimeMillis();
                GenericRecord event = generator.next(now);
                byte[] value = avro.serialize(topic, event);
                // Timed from here: serialising is the producer's work, not the pipeline's.
                pending.put(event.get("transactionId").toString(), new Sent(System.nanoTime(),
                        System.currentTimeMillis(), i < warmUpCount));
                producer.send(new ProducerRecord<>(topic, null, now, event.get("cardId").toString(), value),
                        (md, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static KafkaConsumer<String, Prediction> consumer(Map<String, Object> clientConfig,
                                                               Deserializer<Prediction> values) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10); // do not add the fetch wait to every latency
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        // linger.ms stays the client's default, 5 ms since Kafka 4.0 (KIP-1030): what a user's producer does. The
        // probe set 1 ms before; its small batches cost the broker 38 us per live event at 15,000/s (29 at 5 ms), on
        // the two cores the service shares, for up to 4 ms of batching saved; each latency includes this linger.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}

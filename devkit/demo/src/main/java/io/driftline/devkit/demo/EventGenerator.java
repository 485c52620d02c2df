package io.driftline.devkit.demo;

import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.MerchantModel;
import io.driftline.devkit.payments.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's producer: writes the payments of the demo's card population to the events topic as any user's
 * producer would (Avro, Confluent wire format, schema registered under the topic's subject), keyed by card id,
 * each when the wall clock reaches its event time. The payments are simulated from the moment the generator
 * starts, so event times are the wall clock's, and a card's payments keep the pace of the model's training data
 * (bursts of fraud show as several payments of a card within minutes). With {@link BadRecords}, some good
 * payments are followed by a bad record; with a {@link DriftSchedule}, payments drift for a while; with a
 * {@link LabelSender}, each live payment's outcome follows it to the labels topic. With a merchant topic, the
 * acquirer's copy of each live payment ({@link MerchantModel#payment}) goes there too, keyed by merchant, so
 * drift of the payments shows in both models.
 *
 * <p>Warm-up: the simulation starts {@code warmUp} before the wall clock and that history is replayed at once, so
 * that the per-card window aggregates are full from the first live payment on, as they were in training (a cold
 * start would otherwise show as drift of the aggregates for their whole window). The history goes out only after
 * every partition has had a live payment: each task's stream time is then the wall clock, so the history counts in
 * the card windows (the demo gives the aggregates a grace longer than the history) but is too late for the drift
 * windows, whose statistics, reports and alerts cover live payments only.
 *
 * <p>On a restart on the same data the topic already holds the last run's payments, and its card windows (restored
 * from their changelog) count them: the history replayed is then only what came after the newest payment the topic
 * holds, so that no stretch of time is counted twice. A full history on top of a run that stopped a minute ago
 * doubled every card's 10-minute count and amount, and the first drift windows after the restart flagged both
 * aggregates and the score. The restart also simulates on from another seed (see {@link #run}).
 */
final class EventGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventGenerator.class);

    private final String topic;
    private final String merchantTopic;
    private final CardPopulation cards;
    private final long seed;
    private final BadRecords bad;
    private final Serializer<GenericRecord> serializer;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder sent = new LongAdder();
    private final LongAdder merchantSent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<BadRecords.Kind, LongAdder> badSent = new EnumMap<>(BadRecords.Kind.class);
    private final Thread thread;
    private final Duration warmUp;
    private final DriftSchedule.Factory drift;
    private final LabelSender labels;
    private final Consumer<String> notice;
    private final Set<Integer> livePartitions = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> clientConfig;
    private volatile long historySent;
    private volatile long liveFrom = Long.MIN_VALUE;

    /**
     * @param merchantTopic where the acquirer's copy of each live payment goes, or null for none
     * @param warmUp  history replayed before the live payments (zero: none)
     * @param drift   makes the drift schedule once the generator knows its start time
     * @param labels  sends each live payment's outcome, or null
     * @param notice  told, in words, of warm-up and drift changes
     */
    EventGenerator(String topic, String merchantTopic, CardPopulation cards, long seed, BadRecords bad,
                   Map<String, Object> clientConfig, Serializer<GenericRecord> serializer, Duration warmUp,
                   DriftSchedule.Factory drift, LabelSender labels, Consumer<String> notice) {
        this.topic = topic;
        this.merchantTopic = merchantTopic;
        this.warmUp = warmUp;
        this.drift = drift;
        this.labels = labels;
        this.notice = notice;
        this.cards = cards;
        this.seed = seed;
        this.bad = bad;
        this.serializer = serializer;
        for (BadRecords.Kind kind : BadRecords.Kind.values()) {
            badSent.put(kind, new LongAdder());
        }
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "driftline-demo-generator");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "driftline-demo-generator");
        this.thread.setDaemon(true);
    }

    EventGenerator start() {
        thread.start();
        return this;
    }

    private void run() {
        long start = System.currentTimeMillis();
        liveFrom = start;
        long covered = warmUp.isZero() ? Long.MIN_VALUE : newestEventTime(clientConfig, topic);
        // A restart goes on with another stretch of the simulation, not the same one again: with the seed alone,
        // each card would pay at the same moments after every start, so a card's burst of the last run would come
        // again minutes later, inside the same 10-minute window, and the windows' tails would grow with each
        // restart. A first start stays reproducible from the seed.
        long runSeed = covered == Long.MIN_VALUE ? seed : seed * 31 + covered;
        Transactions.Generator world = Transactions.generator(cards, runSeed, start - warmUp.toMillis());
        DriftSchedule schedule = drift.at(start);
        List<ProducerRecord<String, byte[]>> history = new ArrayList<>();
        Transactions.Payment next = world.nextPayment();
        while (next.eventTime() < start) {
            if (next.eventTime() > covered) { // the simulation runs through the covered stretch all the same
                history.add(new ProducerRecord<>(topic, null, next.eventTime(), next.cardId(),
                        serializer.serialize(topic, next.transaction())));
            }
            next = world.nextPayment();
        }
        if (covered > start - warmUp.toMillis()) {
            notice.accept(String.format("Warm-up: the events topic already holds payments up to %s ago (a restart on"
                    + " the same data), so only the %,d payments since are replayed: the per-card windows count the"
                    + " last run's", DemoDurations.format(Duration.ofSeconds(Math.max(1, (start - covered + 500) / 1_000))),
                    history.size()));
        }
        int partitions = history.isEmpty() ? 0 : producer.partitionsFor(topic).size();
        Transactions.Generator source = world;
        while (running.get()) {
            long now = System.currentTimeMillis();
            while (next.eventTime() <= now && running.get()) {
                send(next);
                source = schedule.after(next.eventTime(), world);
                next = source.nextPayment();
            }
            if (labels != null) {
                labels.sendDue(now, producer, failed::increment);
            }
            if (!history.isEmpty()) {
                producer.flush(); // the acks say which partitions had a live payment
                if (livePartitions.size() >= partitions) {
                    replay(history);
                    history = List.of();
                }
            }
            sleep(10);
        }
    }

    /**
     * The newest record timestamp {@code topic} holds (each partition's record with the largest timestamp, KIP-734),
     * or {@link Long#MIN_VALUE} when it holds none or cannot be asked: then the whole history is replayed.
     */
    static long newestEventTime(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            Map<TopicPartition, OffsetSpec> newest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> newest.put(new TopicPartition(topic, p.partition()), OffsetSpec.maxTimestamp()));
            long max = Long.MIN_VALUE;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(newest).all()
                    .get(30, TimeUnit.SECONDS).values()) {
                if (info.offset() >= 0 && info.timestamp() >= 0) { // -1 and -1 for an empty partition
                    max = Math.max(max, info.timestamp());
                }
            }
            return max;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MIN_VALUE;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not read the newest event time of {} ({}); replaying the whole warm-up", topic,
                    e.getMessage());
            return Long.MIN_VALUE;
        }
    }

    private void replay(List<ProducerRecord<String, byte[]>> history) {
        long started = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : history) {
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    failed.increment();
                }
            });
        }
        producer.flush();
        historySent = history.size();
        notice.accept(String.format("Warm-up: replayed %,d payments of the last %s in %.1f s, so the per-card windows"
                + " are full; drift windows count live payments only", history.size(), DemoDurations.format(warmUp),
                (System.nanoTime() - started) / 1e9));
    }

    private void send(Transactions.Payment payment) {
        GenericRecord event = payment.transaction();
        String key = payment.cardId();
        byte[] value = serializer.serialize(topic, event);
        producer.send(new ProducerRecord<>(topic, null, payment.eventTime(), key, value), (meta, error) -> {
            if (error == null) {
                sent.increment();
                livePartitions.add(meta.partition());
            } else {
                failed.increment();
                log.warn("Demo event not sent: {}", error.getMessage());
            }
        });
        if (merchantTopic != null) {
            GenericRecord merchant = MerchantModel.payment(event);
            producer.send(new ProducerRecord<>(merchantTopic, null, payment.eventTime(), MerchantModel.key(merchant),
                    serializer.serialize(merchantTopic, merchant)), (meta, error) -> {
                        if (error == null) {
                            merchantSent.increment();
                        } else {
                            failed.increment();
                            log.warn("Demo merchant event not sent: {}", error.getMessage());
                        }
                    });
        }
        if (labels != null) {
            labels.paid(event.get("transactionId").toString(), payment.eventTime(), payment.fraud());
        }
        BadRecords.Bad record = bad.next(event, value);
        if (record != null) {
            producer.send(new ProducerRecord<>(topic, null, payment.eventTime(), key, record.value()), (meta, error) -> {
                if (error == null) {
                    badSent.get(record.kind()).increment();
                } else {
                    failed.increment();
                    log.warn("Demo bad record not sent: {}", error.getMessage());
                }
            });
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Good events acknowledged by the broker. */
    long sent() {
        return sent.sum();
    }

    /** Merchant events (the acquirer's copies of live payments) acknowledged by the broker. */
    long merchantSent() {
        return merchantSent.sum();
    }

    /** Bad records acknowledged by the broker. */
    long badSent() {
        return badSent.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** History payments replayed at the start. */
    long historySent() {
        return historySent;
    }

    /**
     * The wall-clock time the simulation went live at: history payments are older, live ones not;
     * {@link Long#MIN_VALUE} before it started.
     */
    long liveFrom() {
        return liveFrom;
    }

    /** Labels the broker took. */
    long labelsSent() {
        return labels == null ? 0 : labels.sent();
    }

    /** Records the broker did not take. */
    long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}

package io.driftline.app.demo;

import io.driftline.models.demo.CardPopulation;
import io.driftline.models.demo.Transactions;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * payments are followed by a bad record.
 */
final class EventGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventGenerator.class);

    private final String topic;
    private final CardPopulation cards;
    private final long seed;
    private final BadRecords bad;
    private final Serializer<GenericRecord> serializer;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<BadRecords.Kind, LongAdder> badSent = new EnumMap<>(BadRecords.Kind.class);
    private final Thread thread;

    EventGenerator(String topic, CardPopulation cards, long seed, BadRecords bad, Map<String, Object> clientConfig,
                   Serializer<GenericRecord> serializer) {
        this.topic = topic;
        this.cards = cards;
        this.seed = seed;
        this.bad = bad;
        this.serializer = serializer;
        for (BadRecords.Kind kind : BadRecords.Kind.values()) {
            badSent.put(kind, new LongAdder());
        }
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
        Transactions.Generator generator = Transactions.generator(cards, seed, System.currentTimeMillis());
        Transactions.Payment next = generator.nextPayment();
        while (running.get()) {
            long now = System.currentTimeMillis();
            while (next.eventTime() <= now && running.get()) {
                send(next);
                next = generator.nextPayment();
            }
            sleep(10);
        }
    }

    private void send(Transactions.Payment payment) {
        GenericRecord event = payment.transaction();
        String key = payment.cardId();
        byte[] value = serializer.serialize(topic, event);
        producer.send(new ProducerRecord<>(topic, null, payment.eventTime(), key, value), (meta, error) -> {
            if (error == null) {
                sent.increment();
            } else {
                failed.increment();
                log.warn("Demo event not sent: {}", error.getMessage());
            }
        });
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

    /** Bad records acknowledged by the broker. */
    long badSent() {
        return badSent.values().stream().mapToLong(LongAdder::sum).sum();
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

package io.driftline.loadtest.throughput;

import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.Transactions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's input, written once before anything is measured: the demo's card profiles to the profiles topic
 * and {@code events} demo payments to the events topic (Avro, Confluent wire format, keyed by card), their event
 * times the simulation's own, ending about now. The card population is sized as the demo sizes it for
 * {@value #DEMO_RATE} events a second, so the per-card window aggregates and the drift windows hold what they hold
 * in the demo.
 */
final class BenchInput {

    /** The demo's default rate ({@code driftline demo --rate}). */
    static final int DEMO_RATE = 200;

    private final CardPopulation cards;
    private final Transactions.Generator generator;
    private final String eventsTopic;
    private final int partitions;
    private final long events;

    private BenchInput(CardPopulation cards, Transactions.Generator generator, String eventsTopic, int partitions,
                       long events) {
        this.cards = cards;
        this.generator = generator;
        this.eventsTopic = eventsTopic;
        this.partitions = partitions;
        this.events = events;
    }

    /**
     * Writes the profiles, then the events, and waits until the broker has them all.
     *
     * @param topics created already, with {@code partitions} partitions
     */
    static BenchInput write(Map<String, Object> clientConfig, Serializer<GenericRecord> avro, String profilesTopic,
                            String eventsTopic, int partitions, int events, long seed) {
        CardPopulation cards = CardPopulation.generate(seed, CardPopulation.sizeForRate(DEMO_RATE));
        // The simulation makes about DEMO_RATE payments per second of event time: start it that far back.
        long start = System.currentTimeMillis() - (long) (events * 1000.0 / DEMO_RATE);
        Transactions.Generator generator = Transactions.generator(cards, seed, start);
        try (KafkaProducer<String, byte[]> producer = producer(clientConfig)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int i = 0; i < cards.size(); i++) {
                producer.send(new ProducerRecord<>(profilesTopic, cards.cardId(i),
                        avro.serialize(profilesTopic, cards.profile(i))), (md, e) -> keep(failure, e));
            }
            for (int i = 0; i < events && failure.get() == null; i++) {
                Transactions.Payment p = generator.nextPayment();
                producer.send(new ProducerRecord<>(eventsTopic, null, p.eventTime(), p.cardId(),
                        avro.serialize(eventsTopic, p.transaction())), (md, e) -> keep(failure, e));
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("writing the benchmark input failed: " + failure.get().getMessage(),
                        failure.get());
            }
        }
        return new BenchInput(cards, generator, eventsTopic, partitions, events);
    }

    private static void keep(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // As ProfilePublisher: one request in flight, so a bulk load right after topic creation cannot loop on
        // OUT_OF_ORDER_SEQUENCE_NUMBER after a NOT_LEADER_OR_FOLLOWER.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The payment simulation, positioned after the last event written: live events continue it. */
    Transactions.Generator generator() {
        return generator;
    }

    CardPopulation cards() {
        return cards;
    }

    String eventsTopic() {
        return eventsTopic;
    }

    long events() {
        return events;
    }

    List<TopicPartition> partitions() {
        return IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(eventsTopic, p)).toList();
    }
}

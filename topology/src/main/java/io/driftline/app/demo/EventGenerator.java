package io.driftline.app.demo;

import io.driftline.models.demo.Transactions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's producer: writes payment transactions to the events topic at a steady rate, as any user's
 * producer would (Avro, Confluent wire format, schema registered under the topic's subject), keyed by card id.
 */
public final class EventGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventGenerator.class);

    private final String topic;
    private final int ratePerSecond;
    private final Transactions.Generator generator;
    private final KafkaProducer<String, GenericRecord> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;

    public EventGenerator(String topic, int ratePerSecond, long seed, Map<String, Object> clientConfig,
                          Serializer<GenericRecord> serializer) {
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.generator = Transactions.generator(seed);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "driftline-demo-generator");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        this.thread = new Thread(this::run, "driftline-demo-generator");
        this.thread.setDaemon(true);
    }

    public EventGenerator start() {
        thread.start();
        return this;
    }

    private void run() {
        long started = System.nanoTime();
        long produced = 0;
        while (running.get()) {
            long due = (System.nanoTime() - started) * ratePerSecond / 1_000_000_000L;
            while (produced < due && running.get()) {
                GenericRecord event = generator.next(System.currentTimeMillis());
                String key = String.valueOf(event.get("cardId"));
                producer.send(new ProducerRecord<>(topic, key, event), (meta, error) -> {
                    if (error == null) {
                        sent.increment();
                    } else {
                        failed.increment();
                        log.warn("Demo event not sent: {}", error.getMessage());
                    }
                });
                produced++;
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events acknowledged by the broker. */
    public long sent() {
        return sent.sum();
    }

    /** Events the broker did not take. */
    public long failed() {
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

package io.driftline.devkit.demo;

import io.driftline.devkit.payments.CardPopulation;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the demo's card profiles to the profiles topic, keyed by card id, as a card issuer's reference-data
 * feed would (Avro, Confluent wire format, the schema registered under the topic's subject). The topic is
 * compacted: publishing again at the next start replaces each card's profile with the same one.
 */
final class ProfilePublisher {

    private ProfilePublisher() {
    }

    /**
     * Sends every profile and waits until the broker has them all.
     *
     * @throws IllegalStateException naming the first failure when the broker refused any
     */
    static void publish(String topic, CardPopulation cards, Map<String, Object> clientConfig,
                        Serializer<GenericRecord> serializer) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: a bulk load right after topic creation may meet NOT_LEADER_OR_FOLLOWER, and an
        // idempotent producer with several batches in flight can then loop on OUT_OF_ORDER_SEQUENCE_NUMBER.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "driftline-demo-profiles");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < cards.size() && failure.get() == null; i++) {
                GenericRecord profile = cards.profile(i);
                producer.send(new ProducerRecord<>(topic, cards.cardId(i), serializer.serialize(topic, profile)),
                        (meta, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing card profiles to " + topic + " failed: "
                    + failure.get().getMessage(), failure.get());
        }
    }
}

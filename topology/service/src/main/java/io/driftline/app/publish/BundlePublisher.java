package io.driftline.app.publish;

import io.driftline.ModelUpdate;
import io.driftline.models.bundle.ModelBundle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes model bundles to the model-update topic, keyed by model name, and waits for the broker's ack. */
public final class BundlePublisher implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, ModelUpdate> producer;

    public BundlePublisher(String topic, Map<String, Object> clientConfig, Serializer<ModelUpdate> serializer) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A bundle with an inline model can approach the default 1 MiB limit.
        config.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** Publishes one bundle; returns where it landed. */
    public RecordMetadata publish(ModelBundle bundle) {
        return publish(bundle.model(), bundle.toUpdate());
    }

    /** Publishes a raw update (or a tombstone with a null value) under a model name. */
    public RecordMetadata publish(String model, ModelUpdate update) {
        try {
            return producer.send(new ProducerRecord<>(topic, model, update)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model " + model, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish model " + model + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

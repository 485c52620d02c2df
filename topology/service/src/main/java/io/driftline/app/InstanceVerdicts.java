package io.driftline.app;

import io.driftline.ModelAuditEvent;
import io.driftline.topology.audit.AuditStage;
import io.driftline.topology.score.BundleFacts;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own verdict on every model-updates record, to the compacted model-audit-verdicts topic, keyed by
 * the audit entry's id and this instance: the audit trail's entry is written once, by the stream task that owns
 * the record, with that instance's verdict; the others' verdicts (normally the same) are here.
 *
 * <p>Not in a Streams transaction, and need not be: the verdict is decided on the model-update thread, outside any
 * task, and the listener re-reads the whole model-updates topic at every start, so each verdict is published again
 * under the same key; an idempotent producer and compaction leave one record per record and instance.
 */
final class InstanceVerdicts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceVerdicts.class);

    private final KafkaProducer<String, ModelAuditEvent> producer;
    private final String topic;
    private final String instance;

    InstanceVerdicts(Map<String, Object> clientConfig, Topic<String, ModelAuditEvent> topic, String instance) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.topic = topic.name();
        this.instance = instance;
    }

    /** Publishes the verdict on the record at {@code partition}/{@code offset} (called on the model-update thread). */
    void decided(int partition, long offset, ModelEvent event, BundleFacts facts) {
        String eventId = "model-updates/" + partition + "/" + offset;
        ModelAuditEvent entry = AuditStage.entry(eventId, event, facts, instance);
        producer.send(new ProducerRecord<>(topic, eventId + "|" + instance, entry), (metadata, e) -> {
            if (e != null) {
                log.warn("Could not publish this instance's verdict on {} to {}: {}", eventId, topic, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.driftline.app;

import io.driftline.ModelAuditEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the model audit trail back from the model-audit topic: durable, the same from any instance or tool, and
 * surviving every restart (the in-memory history of one instance does not). Reads committed entries only, from the
 * beginning to the end the topic had when reading began; a model's entries share one partition (keyed by model), so
 * they come in the order they were written.
 */
public final class AuditTrail {

    private AuditTrail() {
    }

    /**
     * Every committed entry for {@code model} (every model when null), oldest first.
     *
     * @param clientConfig bootstrap servers and security settings
     * @throws IllegalStateException when the topic does not exist or cannot be read within {@code timeout}
     */
    public static List<ModelAuditEvent> read(Map<String, Object> clientConfig, String topic,
                                             Deserializer<ModelAuditEvent> values, String model, Duration timeout) {
        List<ModelAuditEvent> out = new ArrayList<>();
        boolean found = readTopic(clientConfig, topic, values, timeout, r -> {
            if (r.value() != null && (model == null || model.equals(r.key()))) {
                out.add(r.value());
            }
        });
        if (!found) {
            throw new IllegalStateException("Topic " + topic + " does not exist: no model audit trail yet");
        }
        return out;
    }

    /**
     * Every instance's own verdict on the entries of {@code model} (every model when null), by entry id, from the
     * compacted model-audit-verdicts topic: the latest per entry and instance; empty when the topic is not there.
     */
    public static Map<String, List<ModelAuditEvent>> instanceVerdicts(Map<String, Object> clientConfig, String topic,
                                                                     Deserializer<ModelAuditEvent> values,
                                                                     String model, Duration timeout) {
        Map<String, ModelAuditEvent> latest = new LinkedHashMap<>();
        try {
            readTopic(clientConfig, topic, values, timeout, r -> {
                if (r.value() != null && (model == null || model.equals(r.value().getModel()))) {
                    latest.put(r.key(), r.value());
                }
            });
        } catch (IllegalStateException e) {
            return Map.of(); // the verdicts beside the trail are a help, not a condition of reading it
        }
        Map<String, List<ModelAuditEvent>> out = new LinkedHashMap<>();
        latest.values().forEach(v -> out.computeIfAbsent(v.getEventId().toString(), k -> new ArrayList<>()).add(v));
        return out;
    }

    /**
     * Reads {@code topic}'s committed records from the beginning to the end it had when reading began (string keys),
     * without a consumer group, handing each to {@code each}: the trail, the verdicts and the bundle archive are read
     * this way.
     *
     * @return false when the topic does not exist
     * @throws IllegalStateException when Kafka does not answer, or reading takes longer than {@code timeout}
     */
    static <V> boolean readTopic(Map<String, Object> clientConfig, String topic, Deserializer<V> values,
                                 Duration timeout, java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
            if (info == null || info.isEmpty()) {
                return false;
            }
            List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topic + " took over " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
            return true;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " reading " + topic, e);
        }
    }

    /** One entry of {@code driftline model history}, with every instance's verdict on it. */
    public static String line(ModelAuditEvent e, List<ModelAuditEvent> verdicts) {
        StringBuilder out = new StringBuilder(line(e));
        for (ModelAuditEvent v : verdicts) {
            out.append("\n    verdict of ").append(v.getInstance()).append(": ").append(v.getVerdict());
        }
        return out.toString();
    }

    /** One line of {@code driftline model history}. */
    public static String line(ModelAuditEvent e) {
        StringBuilder out = new StringBuilder();
        out.append(e.getDecidedAt()).append("  ").append(String.format("%-15s", e.getType()))
                .append(' ').append(e.getModel()).append(e.getVersion() == null ? "" : " v" + e.getVersion());
        if (e.getActor() != null) {
            out.append("  by ").append(e.getActor());
        }
        out.append("  ").append(e.getVerdict());
        if (e.getDescription() != null) {
            String description = e.getDescription();
            out.append("  \"").append(description.length() <= 60 ? description : description.substring(0, 59) + "…")
                    .append('"');
        }
        if (e.getPreviousVersion() != null) {
            out.append(" (before: v").append(e.getPreviousVersion()).append(')');
        }
        if (e.getSha256() != null) {
            out.append("  sha256 ").append(e.getSha256(), 0, Math.min(12, e.getSha256().length()));
        }
        if (e.getSigningKeyId() != null) {
            out.append("  key ").append(e.getSigningKeyId(), 0, Math.min(12, e.getSigningKeyId().length()));
        }
        if (e.getTrainingDataStart() != null || e.getTrainingDataEnd() != null) {
            out.append("  trained on ").append(e.getTrainingDataStart() == null ? "?" : e.getTrainingDataStart())
                    .append("..").append(e.getTrainingDataEnd() == null ? "?" : e.getTrainingDataEnd());
        }
        if (!e.getReferenceMetrics().isEmpty()) {
            out.append("  reference ").append(e.getReferenceMetrics().entrySet().stream()
                    .map(m -> m.getKey() + "=" + String.format("%.4f", m.getValue()))
                    .collect(Collectors.joining(",")));
        }
        if (e.getMessage() != null && !e.getMessage().equals(e.getVerdict())) {
            out.append("\n    ").append(e.getMessage());
        }
        out.append("\n    decided by ").append(e.getInstance()).append(" (").append(e.getEventId()).append(')');
        return out.toString();
    }

    /** The API's form of an entry: every field, timestamps as ISO-8601 text. */
    public static Map<String, Object> json(ModelAuditEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (org.apache.avro.Schema.Field field : e.getSchema().getFields()) {
            Object value = e.get(field.pos());
            if (value instanceof java.time.Instant || value instanceof CharSequence || value instanceof Enum<?>) {
                value = value.toString();
            } else if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k.toString(), v instanceof CharSequence ? v.toString() : v));
                value = copy;
            }
            out.put(field.name(), value);
        }
        return out;
    }
}

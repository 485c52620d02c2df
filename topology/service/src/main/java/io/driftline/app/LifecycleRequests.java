package io.driftline.app;

import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Promotion and rollback as requests on the model-updates topic: the target version's bundle, as it was published
 * and verified, comes from the model-bundles archive and is published again byte for byte (a signed bundle stays
 * signed) with the header {@code driftline.lifecycle} PROMOTE or ROLLBACK; every instance's registry serves it as
 * champion, and the audit trail records the switch. Which version is the target comes from the audit trail, never
 * from one instance's memory.
 */
public final class LifecycleRequests {

    /** The header names, as the topology reads them. */
    static final String LIFECYCLE_HEADER = io.driftline.topology.audit.AuditStage.LIFECYCLE_HEADER;
    static final String ACTOR_HEADER = io.driftline.topology.audit.AuditStage.ACTOR_HEADER;

    /** Topic names and the client settings a request needs. */
    public record Topics(String modelUpdates, String modelAudit, String modelBundles) {
    }

    /** The outcome: the entry the audit trail wrote for the request, or null when none came in time. */
    public record Outcome(String version, ModelAuditEvent entry) {
        public boolean switched() {
            return entry != null && (entry.getType() == ModelAuditType.PROMOTED
                    || entry.getType() == ModelAuditType.ROLLED_BACK);
        }
    }

    private final Map<String, Object> clientConfig;
    private final Topics topics;
    private final Deserializer<ModelAuditEvent> auditValues;
    private final Duration timeout;

    public LifecycleRequests(Map<String, Object> clientConfig, Topics topics, Deserializer<ModelAuditEvent> auditValues,
                             Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.topics = topics;
        this.auditValues = auditValues;
        this.timeout = timeout;
    }

    /** Promotes the model's current shadow {@code version} to champion. */
    public Outcome promote(String model, String version, String actor) {
        ModelLifecycle.State state = state(model);
        if (!version.equals(state.shadow())) {
            throw new IllegalArgumentException("v" + version + " is not the shadow of " + model + " ("
                    + (state.shadow() == null ? "it has none" : "its shadow is v" + state.shadow()) + ")");
        }
        return request(model, version, "PROMOTE", actor);
    }

    /**
     * Serves an earlier champion again: {@code to}, or (null) the one that served before the current one.
     */
    public Outcome rollback(String model, String to, String actor) {
        List<ModelAuditEvent> trail = AuditTrail.read(clientConfig, topics.modelAudit(), auditValues, model, timeout);
        ModelLifecycle.State state = ModelLifecycle.replay(trail).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No audit trail for model " + model));
        List<String> champions = new ArrayList<>();
        for (ModelAuditEvent e : trail) {
            boolean champion = e.getType() == ModelAuditType.DEPLOYED || e.getType() == ModelAuditType.PROMOTED
                    || e.getType() == ModelAuditType.ROLLED_BACK;
            if (champion && (champions.isEmpty() || !champions.get(champions.size() - 1).equals(e.getVersion()))) {
                champions.add(e.getVersion());
            }
        }
        String target = to;
        if (target == null) {
            for (int i = champions.size() - 1; i >= 0 && target == null; i--) {
                if (!champions.get(i).equals(state.serving())) {
                    target = champions.get(i);
                }
            }
            if (target == null) {
                throw new IllegalArgumentException(model + " has served no other version to roll back to");
            }
        } else if (!champions.contains(target)) {
            throw new IllegalArgumentException("v" + target + " of " + model + " never served as champion; "
                    + "versions that did: " + champions);
        }
        if (target.equals(state.serving())) {
            throw new IllegalArgumentException("v" + target + " already serves " + model);
        }
        return request(model, target, "ROLLBACK", actor);
    }

    private ModelLifecycle.State state(String model) {
        return ModelLifecycle.replay(AuditTrail.read(clientConfig, topics.modelAudit(), auditValues, model, timeout))
                .stream().findFirst().orElseThrow(() -> new IllegalArgumentException("No audit trail for model "
                        + model));
    }

    private Outcome request(String model, String version, String lifecycle, String actor) {
        byte[] bundle = archived(model, version);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.modelUpdates(), model, bundle);
        record.headers().add(LIFECYCLE_HEADER, lifecycle.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ACTOR_HEADER, actor.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            written = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not publish the " + lifecycle.toLowerCase() + " of " + model
                    + " v" + version + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        String eventId = "model-updates/" + written.partition() + "/" + written.offset();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ModelAuditEvent e : AuditTrail.read(clientConfig, topics.modelAudit(), auditValues, model, timeout)) {
                if (eventId.equals(e.getEventId())) {
                    return new Outcome(version, e);
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Outcome(version, null);
    }

    /** The archived bundle of a version: the last value under its key on the compacted model-bundles topic. */
    byte[] archived(String model, String version) {
        String key = io.driftline.topology.audit.AuditStage.archiveKey(model, version);
        byte[][] found = new byte[1][];
        AuditTrail.readTopic(clientConfig, topics.modelBundles(), new ByteArrayDeserializer(), timeout, r -> {
            if (key.equals(r.key()) && r.value() != null) {
                found[0] = r.value();
            }
        });
        if (found[0] == null) {
            throw new IllegalArgumentException("No verified bundle of " + model + " v" + version + " in "
                    + topics.modelBundles() + ": publish it again with driftline model publish");
        }
        return found[0];
    }
}

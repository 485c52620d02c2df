package io.driftline.app.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import io.driftline.topology.alert.AlertKey;
import io.driftline.topology.alert.ModelRejectionStage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for the running instances' verdict on one published model-updates record: what {@code model publish --wait}
 * reports.
 *
 * <p>Two sources, because each instance keeps its verdicts in memory and only one kind is durable:
 * <ul>
 *   <li>Rejection: the MODEL_REJECTED alert that the topology writes exactly once (the owner of the model-updates
 *       task, inside its transaction) on the alerts topic, keyed {@code model|MODEL_REJECTED|version}, whose
 *       headers name the model-updates partition and offset it judged. The watch follows the alerts topic with a
 *       read_committed consumer from its end as it was <em>before</em> the record was sent, so neither an old alert
 *       nor one about an earlier record of the same version is taken for this one. It reaches anyone who reaches
 *       Kafka: a publisher on another host needs nothing else.</li>
 *   <li>Deployment: there is no durable "deployed" record (a deploy writes an alert only when it resolves an open
 *       rejection, and that RESOLVED alert, naming this record, counts too). The positive signal is the instances'
 *       HTTP API, {@code GET /api/models} (default {@code http://localhost:8080}, what users already open): the
 *       bundle is deployed when every instance asked that answers serves this model and version with this SHA-256
 *       in the slot the action names (champion, or shadow), or for a retirement serves the model no more. This adds
 *       no new topic, record type or endpoint.</li>
 * </ul>
 * No verdict before the deadline (no instance running, none reachable over HTTP, or one still loading) is its own
 * outcome, with what was seen.
 */
public final class DeployWatch implements AutoCloseable {

    /** What the instances decided. */
    public enum Outcome { DEPLOYED, REJECTED, NO_VERDICT }

    /** The outcome and what it rests on, in words. */
    public record Verdict(Outcome outcome, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration API_INTERVAL = Duration.ofMillis(500);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(3);

    private final String alertsTopic;
    private final Deserializer<Alert> alerts;
    private final List<URI> apis;
    private final KafkaConsumer<String, byte[]> consumer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(API_TIMEOUT).build();
    private boolean following;

    private DeployWatch(String alertsTopic, Map<String, Object> clientConfig, Deserializer<Alert> alerts,
                        List<URI> apis) {
        this.alertsTopic = alertsTopic;
        this.alerts = alerts;
        this.apis = List.copyOf(apis);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Starts following the alerts topic at its current end; call before sending the record.
     *
     * @param apis base URLs of instances' HTTP APIs, e.g. {@code http://localhost:8080}
     */
    public static DeployWatch start(String alertsTopic, Map<String, Object> clientConfig, Deserializer<Alert> alerts,
                                    List<URI> apis) {
        DeployWatch watch = new DeployWatch(alertsTopic, clientConfig, alerts, apis);
        watch.follow(false);
        return watch;
    }

    /** Assigns the alerts topic's partitions, at their end or (for a topic created since the start) beginning. */
    private void follow(boolean fromBeginning) {
        List<TopicPartition> partitions = consumer.partitionsFor(alertsTopic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            return; // no instance ever ran here: the topic comes with the first one
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // pin the positions now, before the record is sent
        following = true;
    }

    /** Waits up to {@code timeout} for the verdict on {@code update}, which landed at {@code sent}. */
    public Verdict await(ModelUpdate update, RecordMetadata sent, Duration timeout) throws InterruptedException {
        String what = update.getModel() + " v" + update.getVersion() + " (" + sent.topic() + " partition "
                + sent.partition() + " offset " + sent.offset() + ")";
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextApi = System.nanoTime();
        Map<URI, String> seen = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            if (!following) {
                follow(true);
            }
            if (following) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Verdict verdict = fromAlert(record, update, sent);
                    if (verdict != null) {
                        return verdict;
                    }
                }
            } else {
                Thread.sleep(POLL.toMillis());
            }
            if (System.nanoTime() >= nextApi) {
                nextApi = System.nanoTime() + API_INTERVAL.toNanos();
                boolean anyAnswered = false;
                boolean allDeployed = true;
                for (URI api : apis) {
                    Boolean deployed = askApi(api, update, seen);
                    anyAnswered |= deployed != null;
                    allDeployed &= deployed == null || deployed;
                }
                if (anyAnswered && allDeployed) {
                    return new Verdict(Outcome.DEPLOYED, what + " " + deployedWords(update) + " on " + answered(seen));
                }
            }
        }
        boolean noneAnswered = seen.values().stream().allMatch(s -> s.startsWith("no answer"));
        return new Verdict(Outcome.NO_VERDICT, "no verdict on " + what + " within " + timeout.toSeconds() + " s: "
                + (following ? "no MODEL_REJECTED alert for it on " + alertsTopic : "the alerts topic " + alertsTopic
                + " does not exist (no instance has run on this cluster)") + "; "
                + (noneAnswered ? "no Driftline instance answered: " : "") + describe(seen)
                + (noneAnswered ? ". Is an instance running (see --api)? The record stays on the topic: instances"
                + " verify and apply it when they start" : ""));
    }

    /** The verdict an alert record gives on this record, or null when it is about something else. */
    private Verdict fromAlert(ConsumerRecord<String, byte[]> record, ModelUpdate update, RecordMetadata sent) {
        if (!AlertKey.modelRejected(update.getModel(), update.getVersion()).toString().equals(record.key())
                || record.value() == null) {
            return null;
        }
        String partition = header(record, ModelRejectionStage.PARTITION_HEADER);
        String offset = header(record, ModelRejectionStage.OFFSET_HEADER);
        boolean named = partition != null && offset != null;
        if (named && !(partition.equals(Integer.toString(sent.partition()))
                && offset.equals(Long.toString(sent.offset())))) {
            return null; // the verdict on another record of this version
        }
        Alert alert = alerts.deserialize(record.topic(), record.headers(), record.value());
        if (alert.getStatus() == AlertStatus.OPEN) {
            return new Verdict(Outcome.REJECTED, alert.getMessage());
        }
        // A deploy that resolves an open rejection of this version names this record too.
        return named ? new Verdict(Outcome.DEPLOYED, update.getModel() + " v" + update.getVersion() + " deployed: "
                + alert.getMessage()) : null;
    }

    /** Whether the instance at {@code api} shows the update applied; null when it does not answer. */
    private Boolean askApi(URI api, ModelUpdate update, Map<URI, String> seen) throws InterruptedException {
        JsonNode models;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/api/models"))
                    .timeout(API_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                seen.put(api, "no answer (HTTP " + response.statusCode() + ")");
                return null;
            }
            models = JSON.readTree(response.body()).path("models");
        } catch (IOException | IllegalArgumentException e) {
            seen.put(api, "no answer (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + ")");
            return null;
        }
        boolean retire = update.getAction() == ModelAction.RETIRE;
        boolean shadow = update.getAction() == ModelAction.SHADOW;
        StringBuilder serving = new StringBuilder();
        boolean applied = retire;
        for (JsonNode m : models) {
            if (!update.getModel().equals(m.path("model").asText())) {
                continue;
            }
            serving.append(serving.length() == 0 ? "" : ", ").append('v').append(m.path("version").asText())
                    .append(m.path("shadow").asBoolean() ? " (shadow)" : "");
            if (retire) {
                applied = false;
            } else if (m.path("shadow").asBoolean() == shadow && update.getVersion().equals(m.path("version").asText())
                    && Objects.equals(update.getSha256(), m.path("sha256").asText(null))) {
                applied = true;
            }
        }
        seen.put(api, serving.length() == 0 ? "serves no version of " + update.getModel()
                : "serves " + update.getModel() + " " + serving);
        return applied;
    }

    private static String deployedWords(ModelUpdate update) {
        return switch (update.getAction()) {
            case RETIRE -> "retired";
            case SHADOW -> "shadowing";
            default -> "serving";
        };
    }

    private static String answered(Map<URI, String> seen) {
        return String.join(", ", seen.entrySet().stream().filter(e -> !e.getValue().startsWith("no answer"))
                .map(e -> e.getKey().toString()).toList());
    }

    private static String describe(Map<URI, String> seen) {
        return String.join("; ", seen.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package io.driftline.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftline.Alert;
import io.driftline.app.DemoDriftStory;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts of the demo's drift story through the alert webhook on a real Connect worker: each change (opened,
 * escalated, resolved) reaches the receiver exactly once, though it answers 500 twice to each first (retried, not
 * duplicated), and nothing again after the worker restarts; a receiver that always fails sends every alert record to
 * the dead-letter topic with the reason.
 */
class AlertWebhookIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private HttpServer server;
    /** Per idempotency key, every status answered, in order. */
    private final Map<String, List<Integer>> answered = new ConcurrentHashMap<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger downCalls = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/flaky", this::flaky);
        server.createContext("/hooks/down", exchange -> {
            downCalls.incrementAndGet();
            reply(exchange, 500);
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    /** 500 to the first two attempts of each idempotency key, then 200. */
    private void flaky(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<Integer> statuses = answered.computeIfAbsent(key == null ? "none" : key,
                k -> new CopyOnWriteArrayList<>());
        int status = statuses.size() < 2 ? 500 : 200;
        statuses.add(status);
        if (status == 200) {
            bodies.add(body);
        }
        reply(exchange, status);
    }

    private static void reply(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void shouldPostEachAlertChangeOnceThroughFailuresAndSendUndeliverableAlertsToTheDeadLetterTopic()
            throws Exception {
        DemoDriftStory.Run story = StoryOnce.story();
        List<String> changes = changes(story.alerts());
        assertThat(changes).as("the story opens and resolves at least one alert" + story.describe()).hasSizeGreaterThan(1);
        String group = "it-webhook-" + UUID.randomUUID().toString().substring(0, 8);
        String dlq = group + "-dlq";
        abortedAlert(story);
        // The flaky receiver's URL as a secret would be given: a reference the worker's config provider resolves.
        java.nio.file.Path secrets = java.nio.file.Files.createTempFile("webhook-secrets", ".properties");
        java.nio.file.Files.writeString(secrets, "url=" + url("/hooks/flaky") + "\n");
        try (ConnectWorker worker = ConnectWorker.start(StoryOnce.worker(group))) {
            ConnectRest rest = new ConnectRest(worker.restUrl());
            rest.put(group + "-flaky", Sinks.webhook(story.topic("alerts"), group + "-flaky-dlq", (short) 1, Map.of(
                    "webhook.urls", "${file:" + secrets + ":url}",
                    "webhook.retry.backoff.ms", "50",
                    "webhook.retry.backoff.max.ms", "200")), TIMEOUT);
            rest.put(group + "-down", Sinks.webhook(story.topic("alerts"), dlq, (short) 1, Map.of(
                    "webhook.urls", url("/hooks/down"),
                    "webhook.retry.max", "2",
                    "webhook.retry.backoff.ms", "20",
                    "webhook.retry.backoff.max.ms", "50")), TIMEOUT);
            rest.awaitRunning(group + "-flaky", TIMEOUT);
            rest.awaitRunning(group + "-down", TIMEOUT);
            String stored = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    worker.restUrl().resolve("/connectors/" + group + "-flaky/config")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stored).as("Connect keeps the reference, never the URL").contains("${file:")
                    .doesNotContain("/hooks/flaky");

            await("every change delivered", () -> delivered().size() >= changes.size());
            List<ConsumerRecord<byte[], byte[]>> dead = awaitRecords(dlq, story.alerts().size());

            assertThat(dead).as("every alert record the failing receiver refused").hasSize(story.alerts().size());
            assertThat(header(dead.get(0), "__connect.errors.exception.message")).contains("500");
            assertThat(header(dead.get(0), "__connect.errors.topic")).isEqualTo(story.topic("alerts"));
            assertThat(downCalls.get()).as("3 attempts per record").isEqualTo(3 * story.alerts().size());
        }
        assertThat(answered.keySet()).as("the aborted alert").noneMatch(k -> k.startsWith("aborted-alert"));
        assertThat(delivered()).as("each change once, in the story's order per alert")
                .containsExactlyInAnyOrderElementsOf(changes);
        answered.forEach((key, statuses) -> assertThat(statuses).as(key).containsExactly(500, 500, 200));
        assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\"status\":\"RESOLVED\"").contains("\"amount\""));

        // A new worker of the same group carries on from the committed offsets: nothing is posted again.
        try (ConnectWorker worker = ConnectWorker.start(StoryOnce.worker(group))) {
            new ConnectRest(worker.restUrl()).awaitRunning(group + "-flaky", TIMEOUT);
            Thread.sleep(3_000);
        }
        assertThat(delivered()).as("after the restart").containsExactlyInAnyOrderElementsOf(changes);
    }

    /**
     * An alert written in a transaction that is then aborted, as a Driftline instance that crashed mid-commit leaves
     * one: the worker's read_committed consumers never hand it to a sink. Once per JVM (the story is shared).
     */
    private static synchronized void abortedAlert(DemoDriftStory.Run story) throws Exception {
        if (abortedWritten) {
            return;
        }
        abortedWritten = true;
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-aborted-" + UUID.randomUUID());
        Map<String, Object> serde = Map.of("schema.registry.url", StoryOnce.registryUrl());
        Alert alert = Alert.newBuilder(story.alerts().get(0)).setAlertId("aborted-alert").build();
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdes.specific(Alert.class, serde, false).serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(story.topic("alerts"), "fraud|OTHER|aborted", alert)).get();
            producer.abortTransaction();
        }
    }

    private static boolean abortedWritten;

    /** The idempotency keys answered 200. */
    private List<String> delivered() {
        List<String> out = new ArrayList<>();
        answered.forEach((key, statuses) -> statuses.stream().filter(s -> s == 200).forEach(s -> out.add(key)));
        return out;
    }

    /** Each alert's changes of (status, severity), in topic order, as idempotency keys. */
    private static List<String> changes(List<Alert> alerts) {
        Map<String, String> last = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Alert a : alerts) {
            String key = a.getModel() + "|" + a.getType() + "|" + a.getSubject();
            String change = a.getAlertId() + ":" + a.getStatus() + ":" + a.getSeverity();
            if (!change.equals(last.put(key, change))) {
                out.add(change);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int expected) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(1_000)).forEach(out::add); // and nothing more
        }
        return out;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }
}

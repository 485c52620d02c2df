package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.devkit.payments.DemoModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive Queries across two instances of one application on one broker: asking either instance for a key's
 * window aggregates answers from the instance that owns the key, forwarding when that is the other one; asking
 * either for the live drift statistics of the open windows gathers both instances' shares.
 */
class InteractiveQueryIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void eitherInstanceAnswersForEveryKeyFromTheOwner() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            h.override(DriftlineConfig.AGGREGATES, "n_1h=count(amount)@1h,amount_sum_1h=sum(amount)@1h")
                    .override(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                    .override(org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000)
                    // The drift windows stay open while the test asks for their live statistics.
                    .override(DriftlineConfig.DRIFT_IDLE_CLOSE_MS, 600_000L);
            DriftlineService first = h.start();
            Map<String, Object> secondProps = new HashMap<>(h.config().originals());
            secondProps.put(DriftlineConfig.STATE_DIR, Files.createTempDirectory(tempRoot, "driftline-iq-2").toString());
            try (DriftlineService second = new DriftlineService(new DriftlineConfig(secondProps)).start()) {
                h.publish("fraud", DemoModel.train("1", 9, 1_000).toUpdate());
                ServiceHarness.await("both running with the model", TIMEOUT, () ->
                        first.state() == KafkaStreams.State.RUNNING && second.state() == KafkaStreams.State.RUNNING
                                && "1".equals(first.models().currentVersion("fraud"))
                                && "1".equals(second.models().currentVersion("fraud")));

                long now = System.currentTimeMillis();
                Map<String, Integer> counts = new HashMap<>();
                Map<String, Double> sums = new HashMap<>();
                for (int i = 0; i < 400; i++) {
                    GenericRecord event = h.generator.next(now - 60_000 + i);
                    String key = "card-iq-" + (i % 20);
                    event.put("cardId", key);
                    counts.merge(key, 1, Integer::sum);
                    sums.merge(key, ((Number) event.get("amount")).doubleValue(), Double::sum);
                    h.send(event);
                }
                assertThat(h.readPredictions(400, TIMEOUT)).hasSize(400);
                long asOf = System.currentTimeMillis(); // records carry the producer's send time

                Set<String> servers = new HashSet<>();
                for (DriftlineService asked : List.of(first, second)) {
                    for (String key : counts.keySet()) {
                        JsonNode answer = aggregates(asked, key, asOf);
                        assertThat(answer.path("aggregates").path("n_1h").asDouble()).as(key).isEqualTo(counts.get(key).doubleValue());
                        assertThat(answer.path("aggregates").path("amount_sum_1h").asDouble()).as(key)
                                .isCloseTo(sums.get(key), org.assertj.core.data.Offset.offset(1e-6));
                        servers.add(answer.path("servedBy").asText());
                    }
                }
                assertThat(servers).as("both instances own some keys").containsExactlyInAnyOrder(
                        first.advertisedServer(), second.advertisedServer());
                for (DriftlineService asked : List.of(first, second)) {
                    JsonNode live = liveWindows(asked, 400);
                    assertThat(live.path("instances")).extracting(JsonNode::asText).as(live.toString())
                            .containsExactlyInAnyOrder(first.advertisedServer(), second.advertisedServer());
                    long total = 0;
                    for (JsonNode window : live.path("windows")) {
                        assertThat(window.path("model").asText()).isEqualTo("fraud");
                        assertThat(window.path("features").path("amount").path("count").asLong())
                                .isEqualTo(window.path("count").asLong());
                        total += window.path("count").asLong();
                    }
                    assertThat(total).as("every event in the open windows, from both instances' partitions: " + live)
                            .isEqualTo(400);
                }
                for (String key : counts.keySet()) {
                    assertThat(aggregates(first, key, asOf).path("servedBy").asText())
                            .isEqualTo(aggregates(second, key, asOf).path("servedBy").asText());
                    assertThat(aggregates(first, key, now - 3_600_000L).path("aggregates").path("n_1h").asDouble())
                            .as("nothing an hour earlier").isZero();
                }
            }
        }
    }

    /** The live windows as one instance gathers them, once they hold {@code events} (commits lag a little). */
    private static JsonNode liveWindows(DriftlineService service, long events) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + service.httpPort() + "/api/windows/live")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode live = new ObjectMapper().readTree(response.body());
                long total = 0;
                for (JsonNode window : live.path("windows")) {
                    total += window.path("count").asLong();
                }
                if (total >= events || System.nanoTime() > deadline) {
                    return live;
                }
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(System.nanoTime()).as("still 503: " + response.body()).isLessThan(deadline);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode aggregates(DriftlineService service, String key, long asOf) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + service.httpPort() + "/api/entities/" + key + "/aggregates?asOf=" + asOf)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return new ObjectMapper().readTree(response.body());
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(System.nanoTime()).as("still 503: " + response.body()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

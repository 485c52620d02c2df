package io.driftline.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients that are slow, oversized or odd must not stall the instance's HTTP API, nor get a stack trace. */
class HttpApiHostileClientTest {

    private HttpApi api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws Exception {
        api = HttpApi.start("127.0.0.1", 0, new StubView());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswerHealthReadyAndMetricsPromptlyWhileSlowClientsTrickleHeaders() throws Exception {
        // Three times what used to block every worker (two), and fewer than the pool on any host.
        try (SlowClients slow = SlowClients.open(api.port(), 6)) {
            Thread.sleep(1_500); // every slow socket has started its request and holds a worker

            for (String path : new String[] {"/health", "/ready", "/metrics"}) {
                long started = System.nanoTime();
                HttpResponse<String> response = get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void shouldCloseAClientThatSendsItsRequestTooSlowly() throws Exception {
        try (SlowClients slow = SlowClients.open(api.port(), 1)) {
            assertThat(SlowClients.closedByServer(slow.first(), Duration.ofSeconds(HttpServers.MAX_REQ_TIME_S + 3)))
                    .as("closed within the request time limit").isTrue();
        }
    }

    @Test
    void shouldAnswer413WithJsonToAnOversizedRequestWithoutReadingIt() throws Exception {
        String response = SlowClients.raw(api.port(), "POST /health HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 800000000\r\n\r\nonly a few bytes of the 800 MB");

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).containsIgnoringCase("Content-Type: application/json").contains("\"error\":\"request body of 800000000 bytes");
    }

    @Test
    void shouldDecodeAnEntityKeyOnceAndAnswerBadInputWith4xxJson() throws Exception {
        HttpResponse<String> percent = get("/api/entities/%25/aggregates");
        assertThat(percent.statusCode()).isEqualTo(200);
        assertThat(percent.body()).isEqualTo("{\"key\":\"%\"}");

        HttpResponse<String> plus = get("/api/entities/a+b%2Fc/aggregates");
        assertThat(plus.body()).isEqualTo("{\"key\":\"a+b/c\"}");

        HttpResponse<String> badNumber = get("/api/entities/k/aggregates?asOf=yesterday");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(badNumber.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base() + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).startsWith("{\"error\":");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + api.port();
    }

    /** Just enough of an instance to answer. */
    private static final class StubView implements InstanceView {
        @Override
        public Map<String, Object> readiness() {
            return Map.of("ready", true);
        }

        @Override
        public String prometheus() {
            return "driftline_up 1\n";
        }

        @Override
        public Map<String, Object> summary() {
            return Map.of();
        }

        @Override
        public Map<String, Object> models() {
            return Map.of();
        }

        @Override
        public Map<String, Object> aggregates(String key, Long asOf, boolean forwarded) {
            return Map.of("key", key);
        }

        @Override
        public Map<String, Object> liveWindows() {
            return Map.of();
        }

        @Override
        public byte[] windowShares() {
            return new byte[0];
        }
    }
}

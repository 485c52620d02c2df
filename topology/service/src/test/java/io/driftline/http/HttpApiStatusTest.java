package io.driftline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error status the API answers (README, "HTTP API"), each with a JSON body whose {@code error} (or
 * {@code reason}) says why: 400 for a bad query parameter, 404 for an unknown path, 405 for anything but GET,
 * 500 from a view that throws, 503 while a key's owner is unknown or the stage is not queryable.
 */
class HttpApiStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableView view = new ConfigurableView();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpApi api;

    @BeforeEach
    void start() throws Exception {
        api = HttpApi.start("127.0.0.1", 0, view);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswer404WithJsonForAnUnknownPath() throws Exception {
        for (String path : new String[] {"/nope", "/api/nope", "/api/summary/extra", "/api/entities/k",
                "/api/entities//aggregates", "/webjars/", "/webjars/nothing.js", "/dashboard.html"}) {
            HttpResponse<String> response = send("GET", path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(error(response, "error")).as(path).contains("not found").contains(path);
        }
    }

    @Test
    void shouldAnswer400WithJsonForABadQueryParameter() throws Exception {
        for (String query : new String[] {"asOf=abc", "asOf=", "asOf=12.5", "asOf=%E2%82%AC"}) {
            HttpResponse<String> response = send("GET", "/api/entities/k/aggregates?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(error(response, "error")).as(query).contains("asOf");
        }
        // (A malformed escape such as asOf=%zz never reaches a handler: the JDK's server answers it 400 in HTML.)
        assertThat(send("GET", "/api/entities/k/aggregates?asOf=1700000000000").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer405WithJsonAndAllowForAnythingButGet() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            for (String path : new String[] {"/health", "/api/summary", "/api/entities/k/aggregates", "/nope"}) {
                HttpResponse<String> response = send(method, path);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
                assertThat(error(response, "error")).contains(method).contains("GET only");
            }
        }
    }

    @Test
    void shouldAnswer503WithJsonWhileAKeysOwnerIsUnknownOrTheStageIsNotQueryable() throws Exception {
        view.aggregates = () -> {
            throw new InstanceView.ApiException(503, "the owner of key k is not known yet (rebalancing)");
        };
        view.liveWindows = () -> {
            throw new InstanceView.ApiException(503, "stats-window-accumulators is not queryable: REBALANCING");
        };
        view.readiness = () -> Map.of("ready", false, "reason", "Kafka Streams is REBALANCING");
        view.health = () -> Map.of("status", "DOWN", "reason", "Kafka Streams failed 3 times in 5 minutes");

        assertUnavailable("/api/entities/k/aggregates", "error", "owner of key k");
        assertUnavailable("/api/windows/live", "error", "not queryable");
        assertUnavailable("/ready", "reason", "REBALANCING");
        assertUnavailable("/health", "reason", "failed 3 times");
    }

    @Test
    void shouldAnswer500WithJsonWhenTheViewThrows() throws Exception {
        view.summary = () -> {
            throw new IllegalStateException("summary broke");
        };
        HttpResponse<String> failed = send("GET", "/api/summary");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(error(failed, "error")).contains("summary broke");

        // No message of its own: the body still says what failed, never "null".
        view.models = () -> {
            throw new NullPointerException();
        };
        HttpResponse<String> npe = send("GET", "/api/models");
        assertThat(npe.statusCode()).isEqualTo(500);
        assertThat(error(npe, "error")).contains("NullPointerException").doesNotContain("null\"");

        // Not a RuntimeException: the client still gets an answer, not a dropped connection.
        view.liveWindows = () -> {
            throw new AssertionError("invariant broken");
        };
        HttpResponse<String> error = send("GET", "/api/windows/live");
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error(error, "error")).contains("invariant broken");

        assertThat(send("GET", "/health").statusCode()).as("the server still serves").isEqualTo(200);
    }

    private void assertUnavailable(String path, String field, String why) throws Exception {
        HttpResponse<String> response = send("GET", path);
        assertThat(response.statusCode()).as(path).isEqualTo(503);
        assertThat(error(response, field)).as(path).contains(why);
    }

    /** The body is JSON (by its Content-Type and its parse) and {@code field} says why. */
    private static String error(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.hasNonNull(field)).as("%s in %s", field, response.body()).isTrue();
        String why = body.get(field).asText();
        assertThat(why).isNotBlank().isNotEqualTo("null");
        return why;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An instance whose every answer a test can replace, to make it fail in the way under test. */
    private static final class ConfigurableView implements InstanceView {
        Supplier<Map<String, Object>> readiness = () -> Map.of("ready", true);
        Supplier<Map<String, Object>> health = () -> Map.of("status", "UP");
        Supplier<Map<String, Object>> summary = Map::of;
        Supplier<Map<String, Object>> models = Map::of;
        Supplier<Map<String, Object>> aggregates = () -> Map.of("key", "k");
        Supplier<Map<String, Object>> liveWindows = Map::of;

        @Override
        public Map<String, Object> readiness() {
            return readiness.get();
        }

        @Override
        public Map<String, Object> health() {
            return health.get();
        }

        @Override
        public String prometheus() {
            return "driftline_up 1\n";
        }

        @Override
        public Map<String, Object> summary() {
            return summary.get();
        }

        @Override
        public Map<String, Object> models() {
            return models.get();
        }

        @Override
        public Map<String, Object> aggregates(String key, Long asOf, boolean forwarded) {
            return aggregates.get();
        }

        @Override
        public Map<String, Object> liveWindows() {
            return liveWindows.get();
        }

        @Override
        public byte[] windowShares() {
            return new byte[0];
        }
    }
}

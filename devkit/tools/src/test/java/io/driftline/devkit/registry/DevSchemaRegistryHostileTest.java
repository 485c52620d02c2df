package io.driftline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that are slow, oversized or careless must not stall the development registry nor break its file. */
class DevSchemaRegistryHostileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldRefuseA100KbSubjectNameAndStillStartFromItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registry.json");
        String huge = "s".repeat(100 * 1024);
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, file)) {
            post(registry, "/subjects/ok-value/versions", schema(record("Ok", "x")));

            HttpResponse<String> refused = post(registry, "/subjects/" + huge + "/versions", schema(record("Big", "x")));

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).get("error_code").asInt()).isEqualTo(RegistryStore.INVALID_SUBJECT);
            assertThat(put(registry, "/config/" + huge, "{\"compatibility\":\"NONE\"}").statusCode()).isEqualTo(422);
        }
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, file)) {
            assertThat(get(registry, "/subjects").body()).isEqualTo("[\"ok-value\"]");
        }
    }

    @Test
    void shouldAnswerPromptlyWhileSlowClientsTrickleHeaders() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, null);
             SlowClients slow = SlowClients.open(registry.port(), 6)) { // more than the four that used to block it
            Thread.sleep(1_500);

            long started = System.nanoTime();
            assertThat(get(registry, "/subjects").statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(SlowClients.closedByServer(slow.first(), Duration.ofSeconds(HttpServers.MAX_REQ_TIME_S + 3)))
                    .as("a slow client is closed within the request time limit").isTrue();
        }
    }

    @Test
    void shouldAnswer413WithJsonToAnOversizedBodyWithoutReadingIt() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, null)) {
            String declared = SlowClients.raw(registry.port(), "POST /subjects/a-value/versions HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 800000000\r\n\r\n{\"schema\":");
            assertThat(declared).startsWith("HTTP/1.1 413").contains("\"error_code\":413");

            // No Content-Length (chunked): read only up to the limit. Just past it, over a raw socket: a client
            // that keeps writing a large body after the 413 sees the connection reset before it reads the answer.
            int size = DevSchemaRegistry.MAX_BODY_BYTES + 16;
            String chunked = SlowClients.raw(registry.port(), "POST /subjects/a-value/versions HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 413").contains("\"error_code\":413");
        }
    }

    @Test
    void shouldAnswerInvalidSchemasWith422AndConfluentCodes() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, null)) {
            for (String bad : List.of(
                    "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}",
                    "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"int\"}]}",
                    "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}",
                    "{\"type\":\"array\"}",
                    "{\"type\":\"fixed\",\"name\":\"F\",\"size\":\"big\"}",
                    "{\"type\":\"record\",\"name\":\"1R\",\"fields\":[]}",
                    "[\"int\",\"int\"]")) {
                HttpResponse<String> response = post(registry, "/subjects/bad-value/versions", schema(bad));
                assertThat(response.statusCode()).as(bad).isEqualTo(422);
                assertThat(JSON.readTree(response.body()).get("error_code").asInt()).as(bad).isEqualTo(42201);
            }
            HttpResponse<String> level = put(registry, "/config/x-value", "{\"compatibility\":\"SIDEWAYS\"}");
            assertThat(level.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(level.body()).get("error_code").asInt()).isEqualTo(42203);
            assertThat(JSON.readTree(get(registry, "/subjects/none/versions").body()).get("error_code").asInt())
                    .isEqualTo(40401);
            assertThat(JSON.readTree(get(registry, "/schemas/ids/999").body()).get("error_code").asInt()).isEqualTo(40403);
        }
    }

    @Test
    void shouldRestartFromItsFileAfterManyWritesAndDeletesAndFreeDeletedSubjects(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registry.json");
        List<String> subjects = new ArrayList<>(List.of("x".repeat(RegistryStore.MAX_SUBJECT_LENGTH), "100%-value",
                "a+b value", "slash/inside", "ünïcødé-ключ-键", "quote\"and\\backslash"));
        for (int i = 0; i < 60; i++) {
            subjects.add("topic-" + i + "-value");
        }
        int freedId;
        Map<String, String> before;
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, file)) {
            // A schema near the body limit, and two versions of every subject.
            StringBuilder wide = new StringBuilder("{\"type\":\"record\",\"name\":\"Wide\",\"doc\":\"");
            wide.append("d".repeat(DevSchemaRegistry.MAX_BODY_BYTES - 200)).append("\",\"fields\":[]}");
            assertThat(post(registry, "/subjects/wide-value/versions", schema(wide.toString())).statusCode()).isEqualTo(200);
            for (int i = 0; i < subjects.size(); i++) {
                String s = subjects.get(i);
                assertThat(post(registry, "/subjects/" + enc(s) + "/versions", schema(record("R" + i, "x"))).statusCode())
                        .as(s).isEqualTo(200);
                assertThat(post(registry, "/subjects/" + enc(s) + "/versions", schema(recordWithDefault("R" + i)))
                        .statusCode()).as(s).isEqualTo(200);
            }
            put(registry, "/config/" + enc(subjects.get(1)), "{\"compatibility\":\"NONE\"}");
            freedId = JSON.readTree(get(registry, "/subjects/topic-0-value/versions/1").body()).get("id").asInt();
            for (int i = 0; i < 30; i++) { // soft-delete 30, then free 20 of them for good
                assertThat(delete(registry, "/subjects/topic-" + i + "-value").statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(delete(registry, "/subjects/topic-" + i + "-value?permanent=true").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> notSoft = delete(registry, "/subjects/topic-40-value?permanent=true");
            assertThat(JSON.readTree(notSoft.body()).get("error_code").asInt()).isEqualTo(RegistryStore.SUBJECT_NOT_SOFT_DELETED);
            assertThat(get(registry, "/schemas/ids/" + freedId).statusCode()).as("freed").isEqualTo(404);
            int softId = JSON.readTree(get(registry, "/subjects/topic-45-value/versions/1").body()).get("id").asInt();
            delete(registry, "/subjects/topic-45-value");
            assertThat(get(registry, "/schemas/ids/" + softId).statusCode()).as("soft-deleted: still readable").isEqualTo(200);
            before = snapshot(registry, subjects);
        }
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("127.0.0.1", 0, file)) {
            assertThat(snapshot(registry, subjects)).isEqualTo(before);
            int next = JSON.readTree(post(registry, "/subjects/new-value/versions", schema(record("New", "n"))).body())
                    .get("id").asInt();
            assertThat(next).as("ids are never reused").isGreaterThan(2 * subjects.size());
        }
    }

    /** Everything a client can read: subjects, versions with their ids and schemas, levels. */
    private Map<String, String> snapshot(DevSchemaRegistry registry, List<String> subjects) throws Exception {
        Map<String, String> out = new TreeMap<>();
        out.put("/subjects", get(registry, "/subjects").body());
        for (String s : subjects) {
            out.put(s + " latest", get(registry, "/subjects/" + enc(s) + "/versions/latest").body());
            out.put(s + " v1", get(registry, "/subjects/" + enc(s) + "/versions/1").body());
            out.put(s + " config", get(registry, "/config/" + enc(s)).body());
        }
        for (int id = 1; id <= 2 * subjects.size() + 1; id++) {
            out.put("id " + id, get(registry, "/schemas/ids/" + id).body());
        }
        return out;
    }

    private static String record(String name, String field) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"" + field + "\",\"type\":\"int\"}]}";
    }

    private static String recordWithDefault(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"},"
                + "{\"name\":\"y\",\"type\":\"string\",\"default\":\"\"}]}";
    }

    private static String schema(String avro) throws Exception {
        return JSON.writeValueAsString(Map.of("schema", avro));
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> get(DevSchemaRegistry registry, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET());
    }

    private HttpResponse<String> delete(DevSchemaRegistry registry, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).DELETE());
    }

    private HttpResponse<String> post(DevSchemaRegistry registry, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(DevSchemaRegistry registry, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

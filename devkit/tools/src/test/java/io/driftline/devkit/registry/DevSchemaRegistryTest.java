package io.driftline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.schemas.registry.CompatibilityLevel;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSchemaRegistryTest {

    private static final Schema A = SchemaBuilder.record("A").fields().requiredInt("x").endRecord();
    private static final Schema B = SchemaBuilder.record("B").fields().requiredInt("y").endRecord();
    private static final Schema A2 = SchemaBuilder.record("A").fields().requiredInt("x")
            .name("z").type().intType().intDefault(1).endRecord();

    @Test
    void shouldKeepIdsVersionsAndLevelsAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registry.json");
        int a;
        int b;
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, file);
             RestSchemaRegistryClient client = RestSchemaRegistryClient.create(registry.url())) {
            a = client.register("a-value", A);
            b = client.register("b-value", B);
            client.register("a-value", A2);
            client.setCompatibility("b-value", CompatibilityLevel.NONE);
        }
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, file);
             RestSchemaRegistryClient client = RestSchemaRegistryClient.create(registry.url())) {
            assertThat(client.schemaById(a)).isEqualTo(A);
            assertThat(client.schemaById(b)).isEqualTo(B);
            assertThat(client.register("a-value", A)).isEqualTo(a);
            assertThat(client.versions("a-value")).containsExactly(1, 2);
            assertThat(client.compatibility("b-value")).isEqualTo(CompatibilityLevel.NONE);
            int next = client.register("c-value", SchemaBuilder.record("C").fields().requiredInt("c").endRecord());
            assertThat(next).isEqualTo(4);
        }
    }

    @Test
    void shouldApplyTransitiveLevelsToEveryVersion() throws Exception {
        Schema v1 = SchemaBuilder.record("R").fields().requiredInt("x").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().optionalInt("x").endRecord();
        // v3 drops "x" and adds a required field: reads v2 data only if "w" had a default.
        Schema v3 = SchemaBuilder.record("R").fields().name("w").type().intType().intDefault(0).endRecord();
        Schema v3Strict = SchemaBuilder.record("R").fields().requiredString("x").endRecord();
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             RestSchemaRegistryClient client = RestSchemaRegistryClient.create(registry.url())) {
            client.setCompatibility("r", CompatibilityLevel.BACKWARD_TRANSITIVE);
            client.register("r", v1);
            client.register("r", v2);
            assertThat(client.register("r", v3)).isPositive();
            // a string "x" cannot read the int "x" of v1 nor the optional int of v2
            assertThatThrownBy(() -> client.register("r", v3Strict)).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TYPE_MISMATCH");
        }
    }

    @Test
    void shouldSpeakTheConfluentRestShapes() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

            HttpResponse<String> registered = post(http, registry.url() + "/subjects/a-value/versions", body);
            assertThat(registered.statusCode()).isEqualTo(200);
            assertThat(registered.body()).isEqualTo("{\"id\":1}");
            assertThat(registered.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");

            assertThat(get(http, registry.url() + "/schemas/ids/1").body())
                    .isEqualTo("{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"int\\\"}]}\"}");
            assertThat(get(http, registry.url() + "/schemas/ids/1/schema").body())
                    .isEqualTo("{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
            assertThat(get(http, registry.url() + "/subjects/a-value/versions/latest").body())
                    .startsWith("{\"subject\":\"a-value\",\"version\":1,\"id\":1,\"schema\":");
            assertThat(get(http, registry.url() + "/schemas/ids/1/versions").body())
                    .isEqualTo("[{\"subject\":\"a-value\",\"version\":1}]");
            assertThat(get(http, registry.url() + "/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

            HttpResponse<String> missing = get(http, registry.url() + "/subjects/zzz/versions/latest");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"error_code\":40401");
            HttpResponse<String> invalid = post(http, registry.url() + "/subjects/b-value/versions", "{\"schema\": \"{not avro\"}");
            assertThat(invalid.statusCode()).isEqualTo(422);
            assertThat(invalid.body()).contains("\"error_code\":42201");
            HttpResponse<String> protobuf = post(http, registry.url() + "/subjects/b-value/versions",
                    "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");
            assertThat(protobuf.statusCode()).isEqualTo(422);
            assertThat(get(http, registry.url() + "/config/a-value").body()).contains("\"error_code\":40408");
            assertThat(get(http, registry.url() + "/nothing/here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldSayWhichPortIsTaken() throws Exception {
        try (DevSchemaRegistry first = DevSchemaRegistry.start("localhost", 0, null)) {
            assertThatThrownBy(() -> DevSchemaRegistry.start("localhost", first.port(), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + first.port()).hasMessageContaining("--registry-port");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

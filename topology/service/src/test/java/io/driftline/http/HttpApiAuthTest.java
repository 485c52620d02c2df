package io.driftline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API with http.auth.token set: the token or nothing, except the probes. */
class HttpApiAuthTest {

    private static final String TOKEN = "s3cr3t-t0ken";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpApi api;

    @BeforeEach
    void start() throws Exception {
        api = HttpApi.start("127.0.0.1", 0, new FixedView(), HttpAccess.token(TOKEN));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseEveryPathButTheProbesWithoutTheToken() throws Exception {
        for (String path : new String[] {"/api/summary", "/metrics", "/", "/api/entities/k/aggregates",
                "/api/models/fraud/history", "/nope"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).as(path)
                    .anySatisfy(h -> assertThat(h).startsWith("Basic"));
            assertThat(response.body()).as(path).contains("token").doesNotContain(TOKEN);
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAWrongOrMalformedCredential() throws Exception {
        for (String authorization : new String[] {"Bearer nope", "Bearer " + TOKEN + "x", "Bearer",
                basic("ops", "wrong"), "Basic !!!not-base64", "Token " + TOKEN, TOKEN}) {
            assertThat(get("/api/summary", authorization).statusCode()).as(authorization).isEqualTo(401);
        }
    }

    @Test
    void shouldLetInTheBearerTokenOrTheTokenAsABasicAuthPassword() throws Exception {
        HttpResponse<String> bearer = get("/api/summary", "Bearer " + TOKEN);
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).contains("7");
        assertThat(get("/metrics", "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/summary", basic("anyone", TOKEN)).statusCode()).as("a browser's basic auth")
                .isEqualTo(200);
    }

    @Test
    void shouldNotAcceptAnEmptyToken() {
        assertThatThrownBy(() -> HttpAccess.token(" ")).hasMessageContaining("empty");
    }
}

package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.http.HttpApi;
import io.driftline.http.InstanceView;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Interactive Queries forwarding to the owner of a key (README, "HTTP API"): when the owner is down or never
 * answers, the asking instance answers promptly, 503 with a JSON reason; keys of any characters round-trip.
 * The owner is a real {@link HttpApi}, a closed port, or a socket that accepts and stays silent.
 */
class PeerForwardingTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final PeerClient peers = new PeerClient(Duration.ofMillis(500), TIMEOUT);

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void shouldRoundTripKeysWithSlashesPercentSpacesAndUnicodeToTheOwner() throws Exception {
        String owner = "127.0.0.1:" + api((key, asOf) -> Map.of("key", key, "asOf", asOf)).port();
        for (String key : List.of("a/b", "100%", "%25", "two words", "a+b", "?q=1&r#f", "ünï cødé €/😀", "..", ";x")) {
            Map<String, Object> answer = peers.aggregates(owner, key, 42L);
            assertThat(answer.get("key")).as(key).isEqualTo(key);
            assertThat(answer.get("asOf")).isEqualTo(42);
        }
    }

    @Test
    void shouldForwardWithTheSharedTokenWhenTheOwnerRequiresOne() throws Exception {
        String owner = "127.0.0.1:" + api((key, asOf) -> Map.of("key", key),
                io.driftline.http.HttpAccess.token("shared-token")).port();

        Map<String, Object> answer = new PeerClient(Duration.ofMillis(500), TIMEOUT, "shared-token")
                .aggregates(owner, "card-1", 1L);

        assertThat(answer.get("key")).isEqualTo("card-1");
        assertThatThrownBy(() -> peers.aggregates(owner, "card-1", 1L)).as("without the token")
                .isInstanceOfSatisfying(InstanceView.ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void shouldForwardOverHttpsWhenTheOwnerServesTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.driftline.testing.TestCertificates.Stores stores = io.driftline.testing.TestCertificates.make(dir);
        io.driftline.http.HttpTls tls = io.driftline.http.HttpTls.load(stores.keyStore(),
                stores.password().toCharArray(), "PKCS12", stores.trustStore(), stores.password().toCharArray());
        HttpApi owner = api((key, asOf) -> Map.of("key", key), io.driftline.http.HttpAccess.token("t"), tls);

        Map<String, Object> answer = new PeerClient(Duration.ofMillis(500), TIMEOUT, "t", tls.client())
                .aggregates("localhost:" + owner.port(), "card-9", 1L);

        assertThat(answer.get("key")).isEqualTo("card-9");
    }

    @Test
    void shouldAnswer503PromptlyWhenTheOwnerRefusesConnections() throws Exception {
        String owner = "127.0.0.1:" + closedPort();
        long started = System.nanoTime();
        assertThatThrownBy(() -> peers.aggregates(owner, "k", 1L))
                .isInstanceOfSatisfying(InstanceView.ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("cannot reach").contains(owner);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldAnswer503WithJsonWithinTheForwardingTimeoutWhenTheOwnerNeverAnswers() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // read nothing, answer nothing
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        String owner = "127.0.0.1:" + silent.getLocalPort();
        // The asking instance: its HTTP API forwards to the silent owner.
        HttpApi asker = api((key, asOf) -> peers.aggregates(owner, key, asOf == null ? 0L : asOf));

        long started = System.nanoTime();
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + asker.port() + PeerClient.aggregatesPath("card 1/ü"))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("error").asText()).contains("card 1/ü").contains(owner).contains("did not answer within");
        assertThat(took).as("bounded by the forwarding timeout").isGreaterThanOrEqualTo(TIMEOUT)
                .isLessThan(TIMEOUT.plusSeconds(1));
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void shouldPassOnTheOwnersJsonErrorWithItsStatus() throws Exception {
        String owner = "127.0.0.1:" + api((key, asOf) -> {
            throw new InstanceView.ApiException(503, "store not queryable now: REBALANCING");
        }).port();
        assertThatThrownBy(() -> peers.aggregates(owner, "k", 1L))
                .isInstanceOfSatisfying(InstanceView.ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains(owner).contains("REBALANCING");
                });
    }

    private HttpApi api(BiFunction<String, Long, Map<String, Object>> aggregates) throws Exception {
        return api(aggregates, io.driftline.http.HttpAccess.open());
    }

    private HttpApi api(BiFunction<String, Long, Map<String, Object>> aggregates, io.driftline.http.HttpAccess access)
            throws Exception {
        return api(aggregates, access, null);
    }

    private HttpApi api(BiFunction<String, Long, Map<String, Object>> aggregates, io.driftline.http.HttpAccess access,
                        io.driftline.http.HttpTls tls) throws Exception {
        HttpApi api = HttpApi.start("127.0.0.1", 0, new io.driftline.http.FixedView(aggregates), access, tls);
        open.add(api);
        return api;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

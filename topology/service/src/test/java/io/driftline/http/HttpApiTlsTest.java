package io.driftline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over https with a certificate made here by the JDK's keytool (a P-256 key for localhost): a client that
 * trusts it gets answers, with the token too; one that does not is refused at the handshake; plain http gets none.
 */
class HttpApiTlsTest {

    private static final String PASSWORD = "store-pass";

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path trustStore;

    private HttpApi api;

    @BeforeAll
    static void makeCertificate() throws Exception {
        io.driftline.testing.TestCertificates.Stores stores = io.driftline.testing.TestCertificates.make(dir);
        keyStore = stores.keyStore();
        trustStore = stores.trustStore();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private HttpApi start(HttpAccess access) throws Exception {
        HttpTls tls = HttpTls.load(keyStore, PASSWORD.toCharArray(), "PKCS12", trustStore, PASSWORD.toCharArray());
        api = HttpApi.start("127.0.0.1", 0, new FixedView(), access, tls);
        return api;
    }

    @Test
    void shouldAnswerOverHttpsAClientThatTrustsTheCertificate() throws Exception {
        start(HttpAccess.token("t0ken"));
        HttpTls tls = HttpTls.load(keyStore, PASSWORD.toCharArray(), "PKCS12", trustStore, PASSWORD.toCharArray());
        HttpClient trusting = HttpClient.newBuilder().sslContext(tls.client()).connectTimeout(Duration.ofSeconds(2))
                .build();
        URI summary = URI.create("https://localhost:" + api.port() + "/api/summary");

        HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(summary)
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("7");
        assertThat(trusting.send(HttpRequest.newBuilder(summary).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("TLS and the token both").isEqualTo(401);
    }

    @Test
    void shouldRefuseAClientThatDoesNotTrustItAndPlainHttp() throws Exception {
        start(HttpAccess.open());
        HttpClient jdkDefaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> jdkDefaults.send(HttpRequest.newBuilder(URI.create("https://localhost:" + api.port()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThatThrownBy(() -> jdkDefaults.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port()
                + "/health")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void shouldNameAStoreItCannotOpen() {
        assertThatThrownBy(() -> HttpTls.load(dir.resolve("absent.p12"), PASSWORD.toCharArray(), "PKCS12", null,
                null)).hasMessageContaining("absent.p12");
        assertThatThrownBy(() -> HttpTls.load(keyStore, "wrong".toCharArray(), "PKCS12", null, null))
                .hasMessageContaining("server.p12");
    }
}

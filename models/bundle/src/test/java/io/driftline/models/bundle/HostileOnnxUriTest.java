package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.driftline.ModelUpdate;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX URIs a hostile publisher could put in a bundle: each is refused or cut off, with its reason. */
class HostileOnnxUriTest {

    @TempDir
    Path models;
    @TempDir
    Path elsewhere;
    private HttpServer server;
    private HttpServer other;
    private final AtomicInteger otherHits = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startServers() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-onnx-test");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/models/fraud.onnx", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, Fixtures.ONNX.length);
            exchange.getResponseBody().write(Fixtures.ONNX);
            exchange.close();
        });
        server.createContext("/models/redirect", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().set("Location", otherUrl("/fraud.onnx"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/models/redirect-here", exchange -> {
            exchange.getResponseHeaders().set("Location", "/models/fraud.onnx");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/models/slow", exchange -> {
            // Headers at once, then a byte every 100 ms: a slow link, or a server that means harm.
            exchange.sendResponseHeaders(200, 1_000_000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // the client hung up, as it should
            }
        });
        server.createContext("/models/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length: the only bound is ours
            byte[] block = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(block);
                }
            } catch (Exception e) {
                // the client hung up, as it should
            }
        });
        server.createContext("/models/declared-huge", exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000_000L);
            exchange.close();
        });
        server.start();
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            otherHits.incrementAndGet();
            exchange.sendResponseHeaders(200, Fixtures.ONNX.length);
            exchange.getResponseBody().write(Fixtures.ONNX);
            exchange.close();
        });
        other.start();
    }

    @AfterEach
    void stopServers() {
        server.stop(0);
        other.stop(0);
    }

    @Test
    void shouldRefuseDevZeroBeforeReadingIt() throws Exception {
        BundleException e = load("file:///dev/zero", FetchPolicy.of(models, List.of(), 1024, Duration.ofSeconds(5), false));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("nothing read").hasMessageContaining("/dev/zero")
                .hasMessageContaining("models directory " + models.toAbsolutePath());
    }

    @Test
    void shouldRefuseDevZeroEvenWhenEveryFileIsAllowed() throws Exception {
        BundleException e = load("file:///dev/zero", FetchPolicy.of(models, List.of("file:"), 1024, Duration.ofSeconds(5), false));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("/dev/zero is not a regular file");
    }

    @Test
    void shouldRefuseFilesOutsideTheModelsDirectoryHoweverTheyAreNamed() throws Exception {
        Path outside = Files.write(elsewhere.resolve("secret.onnx"), Fixtures.ONNX);
        Files.createSymbolicLink(models.resolve("link.onnx"), outside);
        FetchPolicy policy = policy(false);

        for (String uri : List.of(outside.toUri().toString(), models.resolve("link.onnx").toUri().toString(),
                models.toUri() + "../" + elsewhere.getFileName() + "/secret.onnx")) {
            BundleException e = load(uri, policy);
            assertThat(e.reason()).as(uri).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
            assertThat(e).as(uri).hasMessageNotContaining(Sha256.hex(Fixtures.ONNX));
        }
        Files.write(models.resolve("fraud.onnx"), Fixtures.ONNX);
        assertThat(bundle(models.resolve("fraud.onnx").toUri().toString()).loadOnnx(policy)).isEqualTo(Fixtures.ONNX);
    }

    @Test
    void shouldRefuseHttpOutsideTheAllowListWithoutAConnection() throws Exception {
        BundleException e = load(url("/models/fraud.onnx"), FetchPolicy.of(models, List.of("https://models.example.com/"),
                1024 * 1024, Duration.ofSeconds(5), false));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("https://models.example.com/");
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldRefuseHttpByDefaultAndUserInfoEvenWhenTheSchemeIsAllowed() throws Exception {
        assertThat(load(url("/models/fraud.onnx"), FetchPolicy.defaults()).reason())
                .isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        String withUser = "http://reader:secret@127.0.0.1:" + server.getAddress().getPort() + "/models/fraud.onnx";
        BundleException e = load(withUser, FetchPolicy.of(models, List.of("http:"), 1024 * 1024, Duration.ofSeconds(5),
                false));
        assertThat(e.reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("user information");
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldRefuseSchemesOtherThanFileAndHttpWhenTheBundleIsBuilt() {
        for (String uri : List.of("ftp://127.0.0.1/fraud.onnx", "jar:file:///tmp/m.jar!/fraud.onnx",
                "classpath:/fraud.onnx", "data:application/octet-stream;base64,AAAA")) {
            BundleException e = catchThrowableOfType(BundleException.class, () -> bundle(uri));
            assertThat(e).as(uri).isNotNull();
            assertThat(e.reason()).as(uri).isEqualTo(BundleException.Reason.UNSUPPORTED_URI);
        }
    }

    @Test
    void shouldMatchPrefixesOnWholePathSegments() throws Exception {
        FetchPolicy policy = FetchPolicy.of(models, List.of(url("/mod")), 1024 * 1024, Duration.ofSeconds(5), false);

        assertThat(load(url("/models/fraud.onnx"), policy).reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldNotFollowARedirect() throws Exception {
        BundleException e = load(url("/models/redirect"), policy(false));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.REDIRECT_NOT_FOLLOWED);
        assertThat(e).hasMessageContaining(otherUrl("/fraud.onnx"));
        assertThat(otherHits).hasValue(0);
    }

    @Test
    void shouldFollowRedirectsOnlyToAdmittedUrisWhenAllowed() throws Exception {
        assertThat(bundle(url("/models/redirect-here")).loadOnnx(policy(true))).isEqualTo(Fixtures.ONNX);

        BundleException e = load(url("/models/redirect"), policy(true));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.URI_NOT_ALLOWED);
        assertThat(otherHits).as("the other port is never contacted").hasValue(0);
    }

    @Test
    void shouldAbandonASlowUrlAtTheTimeout() throws Exception {
        FetchPolicy policy = FetchPolicy.of(models, List.of(url("/models/")), 10_000_000, Duration.ofSeconds(1), false);
        long started = System.nanoTime();

        BundleException e = load(url("/models/slow"), policy);

        assertThat(e.reason()).isEqualTo(BundleException.Reason.FETCH_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldStopReadingPastTheSizeBound() throws Exception {
        FetchPolicy policy = FetchPolicy.of(models, List.of(url("/models/")), 1_000_000, Duration.ofSeconds(20), false);

        assertThat(load(url("/models/endless"), policy).reason()).isEqualTo(BundleException.Reason.FETCH_TOO_LARGE);
        assertThat(load(url("/models/declared-huge"), policy).reason()).isEqualTo(BundleException.Reason.FETCH_TOO_LARGE);
        Files.write(models.resolve("big.onnx"), new byte[1_000_001]);
        assertThat(load(models.resolve("big.onnx").toUri().toString(), policy).reason())
                .isEqualTo(BundleException.Reason.FETCH_TOO_LARGE);
    }

    private FetchPolicy policy(boolean followRedirects) {
        return FetchPolicy.of(models, List.of(url("/models/")), 1024 * 1024, Duration.ofSeconds(5), followRedirects);
    }

    private static BundleException load(String uri, FetchPolicy policy) throws Exception {
        ModelBundle bundle = bundle(uri);
        return catchThrowableOfType(BundleException.class, () -> bundle.loadOnnx(policy));
    }

    private static ModelBundle bundle(String uri) throws Exception {
        ModelUpdate u = Fixtures.update();
        u.setOnnx(null);
        u.setOnnxUri(uri);
        return ModelBundle.fromUpdate(u);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private String otherUrl(String path) {
        return "http://127.0.0.1:" + other.getAddress().getPort() + path;
    }
}

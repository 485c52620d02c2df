package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.driftline.ModelUpdate;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles a hostile (or careless) publisher could put on the model-updates topic: each is rejected with its
 * reason, and the good bundle published next is deployed.
 */
class HostileBundleTest {

    @TempDir
    static Path models;
    private static HttpServer server;
    private static ModelBundle good;
    private static ModelBundle next;

    @BeforeAll
    static void start() throws Exception {
        good = DemoModel.train("1", 1, 1_000);
        next = DemoModel.train("2", 2, 1_000);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-bundle-test");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/models/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere.onnx");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/models/slow", exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                // the client hung up, as it should
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private ModelRegistry registry() {
        FetchPolicy policy = FetchPolicy.of(models, List.of("http://127.0.0.1:" + server.getAddress().getPort() + "/models/"),
                64L * 1024 * 1024, Duration.ofSeconds(1), false);
        return new ModelRegistry(new BundleVerifier(1, Clock.systemUTC(), policy), Clock.systemUTC());
    }

    @Test
    void shouldRejectDevZeroBeforeReadingAndDeployTheNextBundle() {
        assertRejectedThenNextDeploys(external("file:///dev/zero"), "URI_NOT_ALLOWED", "nothing read");
    }

    @Test
    void shouldRejectAUriOutsideTheAllowListAndDeployTheNextBundle() {
        assertRejectedThenNextDeploys(external("https://models.example.com/fraud.onnx"), "URI_NOT_ALLOWED",
                "matches no entry of the allow-list");
    }

    @Test
    void shouldNotFollowARedirectAndDeployTheNextBundle() {
        assertRejectedThenNextDeploys(external(url("/models/redirect")), "REDIRECT_NOT_FOLLOWED", "127.0.0.1:1");
    }

    @Test
    void shouldAbandonASlowUrlAtTheTimeoutAndDeployTheNextBundle() {
        long started = System.nanoTime();
        assertRejectedThenNextDeploys(external(url("/models/slow")), "FETCH_TIMEOUT", "models.fetch.timeout.ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectABundleWhoseVerificationThrowsAnErrorAndDeployTheNextBundle() {
        ModelRegistry.Verifier real = new BundleVerifier(1, Clock.systemUTC())::verify;
        try (ModelRegistry registry = new ModelRegistry((bundle, shadow) -> {
            if (bundle.version().equals("666")) {
                // An Error, not an Exception: before, one like it (OutOfMemoryError from /dev/zero) ended the listener.
                throw new StackOverflowError("as from a hostile bundle");
            }
            return real.verify(bundle, shadow);
        }, Clock.systemUTC())) {
            ModelUpdate hostile = good.toUpdate();
            hostile.setVersion("666");

            ModelEvent rejected = registry.apply("fraud", hostile);

            assertThat(rejected.kind()).isEqualTo(ModelEvent.Kind.REJECTED);
            assertThat(rejected.reason()).isEqualTo(ModelRegistry.INTERNAL_ERROR);
            assertThat(rejected.message()).contains("StackOverflowError");
            assertThat(registry.apply("fraud", next.toUpdate()).kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        }
    }

    @Test
    void shouldSayASignatureIsNotVerifiedAndNeverCallTheShapeCheckASignature() {
        try (ModelRegistry registry = registry()) {
            ModelUpdate signed = good.toUpdate();
            signed.setSignature(ByteBuffer.wrap("made up".getBytes()));

            ModelEvent deployed = registry.apply("fraud", signed);
            ModelEvent unsigned = registry.apply("fraud", next.toUpdate());

            assertThat(deployed.kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
            assertThat(deployed.message()).contains("signature not verified")
                    .doesNotContain("checksum, signature").contains("inputs and outputs");
            assertThat(unsigned.message()).doesNotContain("signature");
        }
    }

    private void assertRejectedThenNextDeploys(ModelUpdate hostile, String reason, String messagePart) {
        try (ModelRegistry registry = registry()) {
            assertThat(registry.apply("fraud", good.toUpdate()).kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);

            ModelEvent rejected = registry.apply("fraud", hostile);

            assertThat(rejected.kind()).isEqualTo(ModelEvent.Kind.REJECTED);
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.message()).contains(messagePart);
            assertThat(registry.currentVersion("fraud")).as("the previous version keeps serving").isEqualTo("1");
            assertThat(registry.apply("fraud", next.toUpdate()).kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
            assertThat(registry.currentVersion("fraud")).isEqualTo("2");
        }
    }

    /** The good bundle's manifest, pointing at {@code uri} instead of carrying its bytes. */
    static ModelUpdate external(String uri) {
        ModelUpdate u = good.toUpdate();
        u.setVersion("bad");
        u.setOnnx(null);
        u.setOnnxUri(uri);
        return u;
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}

package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.driftline.ModelUpdate;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalOnnxTest {

    @TempDir
    Path dir;
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/fraud.onnx", exchange -> {
            exchange.sendResponseHeaders(200, Fixtures.ONNX.length);
            exchange.getResponseBody().write(Fixtures.ONNX);
            exchange.close();
        });
        server.createContext("/missing.onnx", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldLoadFileUriAndVerifyChecksum() throws Exception {
        Path file = Files.write(dir.resolve("model.onnx"), Fixtures.ONNX);

        ModelBundle bundle = ModelBundle.fromUpdate(external(file.toUri().toString()));

        assertThat(bundle.isInline()).isFalse();
        assertThat(bundle.onnxUri()).isEqualTo(file.toUri());
        assertThat(bundle.loadOnnx(policy())).isEqualTo(Fixtures.ONNX);
    }

    @Test
    void shouldRejectExternalFileWithChecksumMismatch() throws Exception {
        Path file = Files.write(dir.resolve("model.onnx"), "tampered".getBytes());
        ModelBundle bundle = ModelBundle.fromUpdate(external(file.toUri().toString()));

        BundleException e = catchThrowableOfType(BundleException.class, () -> bundle.loadOnnx(policy()));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH);
        assertThat(e).hasMessageStartingWith("sha256 mismatch for model fraud v3: expected " + Sha256.hex(Fixtures.ONNX));
    }

    @Test
    void shouldReportMissingFileAsFetchFailure() throws Exception {
        ModelBundle bundle = ModelBundle.fromUpdate(external(dir.resolve("nope.onnx").toUri().toString()));

        BundleException e = catchThrowableOfType(BundleException.class, () -> bundle.loadOnnx(policy()));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.FETCH_FAILED);
        assertThat(e).hasMessageContaining("nope.onnx");
    }

    @Test
    void shouldFetchOverHttpAndVerifyChecksum() throws Exception {
        ModelBundle bundle = ModelBundle.fromUpdate(external(url("/models/fraud.onnx")));

        assertThat(bundle.loadOnnx(policy())).isEqualTo(Fixtures.ONNX);
    }

    @Test
    void shouldReportHttpErrorStatusAsFetchFailure() throws Exception {
        ModelBundle bundle = ModelBundle.fromUpdate(external(url("/missing.onnx")));

        BundleException e = catchThrowableOfType(BundleException.class, () -> bundle.loadOnnx(policy()));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.FETCH_FAILED);
        assertThat(e).hasMessageContaining("HTTP 404");
    }

    /** Files under the test's directory and anything on the test server. */
    private FetchPolicy policy() {
        return FetchPolicy.of(dir, java.util.List.of(url("/")), FetchPolicy.DEFAULT_MAX_BYTES,
                FetchPolicy.DEFAULT_TIMEOUT, false);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static ModelUpdate external(String uri) {
        ModelUpdate u = Fixtures.update();
        u.setOnnx(null);
        u.setOnnxUri(uri);
        return u;
    }
}

package io.driftline.models.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads ONNX bytes from a file: or http(s): URI. Checksums are the caller's job. */
final class OnnxFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // Large tree ensembles can be hundreds of MB; allow a slow link, but never hang a loader thread forever.
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private static final class Client {
        // Created on first http use only; an HttpClient starts a selector thread.
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private OnnxFetcher() {
    }

    static byte[] fetch(URI uri, String id) throws BundleException {
        try {
            return "file".equalsIgnoreCase(uri.getScheme()) ? Files.readAllBytes(Path.of(uri)) : fetchHttp(uri, id);
        } catch (IOException | RuntimeException e) { // Path.of(uri) throws unchecked for odd file: URIs
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "cannot read ONNX for " + id + " from " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "interrupted while fetching ONNX for " + id + " from " + uri, e);
        }
    }

    private static byte[] fetchHttp(URI uri, String id) throws IOException, InterruptedException, BundleException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<byte[]> response = Client.INSTANCE.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "cannot fetch ONNX for " + id + " from " + uri + ": HTTP " + response.statusCode());
        }
        return response.body();
    }
}

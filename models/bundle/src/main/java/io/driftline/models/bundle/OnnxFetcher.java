package io.driftline.models.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads ONNX bytes from a file: or http(s): URI that a {@link FetchPolicy} admits, within its size and time
 * bounds. Checksums are the caller's job.
 */
final class OnnxFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REDIRECTS = 5;

    private static final class Client {
        // Created on first http use only; an HttpClient starts a selector thread. Redirects are ours to follow,
        // so that every hop is checked against the policy.
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Thrown inside the body subscriber when a response grows past the bound. */
    private static final class TooLarge extends IOException {
        TooLarge(long seen) {
            super("over " + seen + " bytes", null);
        }
    }

    private OnnxFetcher() {
    }

    static byte[] fetch(URI uri, String id, FetchPolicy policy) throws BundleException {
        Path file = policy.admit(uri, id); // before any byte is read
        try {
            return file != null ? readFile(file, uri, id, policy) : fetchHttp(uri, id, policy);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "cannot read ONNX for " + id + " from " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "interrupted while fetching ONNX for " + id + " from " + uri, e);
        }
    }

    private static byte[] readFile(Path file, URI uri, String id, FetchPolicy policy)
            throws IOException, BundleException {
        long size = Files.size(file);
        if (size > policy.maxBytes()) {
            throw tooLarge(id, uri, size + " bytes", policy);
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded even if the file grows between the size check and the read.
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxBytes() + 1));
            if (bytes.length > policy.maxBytes()) {
                throw tooLarge(id, uri, "over " + policy.maxBytes() + " bytes", policy);
            }
            return bytes;
        }
    }

    private static byte[] fetchHttp(URI first, String id, FetchPolicy policy)
            throws IOException, InterruptedException, BundleException {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        URI uri = first;
        for (int hop = 0; ; hop++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(id, first, policy);
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET().build();
            CompletableFuture<HttpResponse<byte[]>> pending =
                    Client.INSTANCE.sendAsync(request, info -> subscriber(info, policy.maxBytes()));
            HttpResponse<byte[]> response;
            try {
                response = pending.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw timedOut(id, first, policy);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TooLarge || cause != null && cause.getCause() instanceof TooLarge) {
                    throw tooLarge(id, first, "over " + policy.maxBytes() + " bytes", policy);
                }
                if (cause instanceof java.net.http.HttpTimeoutException) {
                    throw timedOut(id, first, policy);
                }
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            }
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                URI target = uri.resolve(response.headers().firstValue("location").get());
                if (!policy.followRedirects()) {
                    throw new BundleException(BundleException.Reason.REDIRECT_NOT_FOLLOWED, "ONNX URI of " + id + " "
                            + uri + " redirects (HTTP " + status + ") to " + target
                            + "; redirects are not followed (models.fetch.follow.redirects=false)");
                }
                if (hop + 1 >= MAX_REDIRECTS) {
                    throw new BundleException(BundleException.Reason.REDIRECT_NOT_FOLLOWED, "ONNX URI of " + id + " "
                            + first + " redirects more than " + MAX_REDIRECTS + " times");
                }
                policy.admit(target, id); // every hop must be admitted, not just the first
                uri = target;
                continue;
            }
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "cannot fetch ONNX for " + id + " from " + uri + ": HTTP " + status);
        }
    }

    /** Collects a 200 body up to {@code max} bytes; any other status is not read at all. */
    private static HttpResponse.BodySubscriber<byte[]> subscriber(HttpResponse.ResponseInfo info, long max) {
        long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
        if (info.statusCode() != 200) {
            return new Bounded(0, true);
        }
        if (declared > max) {
            return new Bounded(max, false).failWith(new TooLarge(declared));
        }
        return new Bounded(max, false);
    }

    /** A body subscriber that stops (cancels the stream) as soon as the body is over its bound. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final boolean discard;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private IOException failure;

        Bounded(long max, boolean discard) {
            this.max = max;
            this.discard = discard;
        }

        Bounded failWith(IOException e) {
            this.failure = e;
            return this;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (failure != null || discard) {
                s.cancel();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(null);
                }
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (out.size() + (long) item.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(out.size() + (long) item.remaining()));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    private static BundleException tooLarge(String id, URI uri, String size, FetchPolicy policy) {
        return new BundleException(BundleException.Reason.FETCH_TOO_LARGE, "ONNX for " + id + " at " + uri + " is "
                + size + ", over models.fetch.max.bytes " + policy.maxBytes() + "; reading stopped");
    }

    private static BundleException timedOut(String id, URI uri, FetchPolicy policy) {
        return new BundleException(BundleException.Reason.FETCH_TIMEOUT, "fetching ONNX for " + id + " from " + uri
                + " took longer than models.fetch.timeout.ms " + policy.timeout().toMillis() + "; abandoned");
    }
}

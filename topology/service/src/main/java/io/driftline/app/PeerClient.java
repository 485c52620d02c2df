package io.driftline.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.http.InstanceView.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests to the other instances of the application (Interactive Queries forwarding), bounded in time: a peer
 * that is down (connection refused) or hangs costs the asking client at most {@link #requestTimeout()}, and it is
 * answered 503 with the reason (the owner is unavailable now; asking again after a rebalance helps). An error the
 * peer answers in JSON is passed on with the peer's status.
 */
final class PeerClient {

    /** Time to open a connection to a peer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Time for a peer's whole answer, connection included: well under a client's patience and maxRspTime. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;
    private final String token;
    private final String scheme;

    PeerClient() {
        this(CONNECT_TIMEOUT, REQUEST_TIMEOUT, null);
    }

    /** A client that sends {@code token} (null: none) to peers, which share this instance's http.auth.token. */
    PeerClient(String token) {
        this(CONNECT_TIMEOUT, REQUEST_TIMEOUT, token);
    }

    PeerClient(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, null);
    }

    PeerClient(Duration connectTimeout, Duration requestTimeout, String token) {
        this(connectTimeout, requestTimeout, token, null);
    }

    /** A client that calls peers over https, trusting what {@code tls} trusts (null: plain http). */
    PeerClient(Duration connectTimeout, Duration requestTimeout, String token, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.requestTimeout = requestTimeout;
        this.token = token;
        this.scheme = tls == null ? "http://" : "https://";
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** The path of a key's aggregates: the key encoded as one path segment ('/', '%', spaces, any Unicode). */
    static String aggregatesPath(String key) {
        return "/api/entities/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") + "/aggregates";
    }

    /** A key's aggregates from the instance {@code server} (host:port) that owns it; never forwarded again there. */
    @SuppressWarnings("unchecked")
    Map<String, Object> aggregates(String server, String key, long asOf) {
        HttpResponse<String> response = get(server, aggregatesPath(key) + "?forwarded&asOf=" + asOf,
                HttpResponse.BodyHandlers.ofString(), "the owner of key '" + key + "'");
        Map<String, Object> body;
        try {
            body = JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new ApiException(503, "the owner " + server + " answered " + response.statusCode()
                    + " with no JSON: " + abbreviate(response.body()));
        }
        if (response.statusCode() != 200) {
            throw new ApiException(response.statusCode(), server + ": " + body.get("error"));
        }
        return body;
    }

    /** The open windows' shares of the instance {@code server}. */
    byte[] windowShares(String server) {
        HttpResponse<byte[]> response = get(server, "/api/windows/shares", HttpResponse.BodyHandlers.ofByteArray(),
                "instance");
        if (response.statusCode() != 200) {
            throw new ApiException(response.statusCode(), server + " answered " + response.statusCode() + ": "
                    + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    private ApiException notAnswered(String server, String who) {
        return new ApiException(503, who + " " + server + " did not answer within " + requestTimeout.toMillis()
                + " ms");
    }

    private <T> HttpResponse<T> get(String server, String pathAndQuery, HttpResponse.BodyHandler<T> handler,
                                    String who) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(scheme + server + pathAndQuery))
                .timeout(requestTimeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        // sendAsync bounded as a whole: the request timeout alone does not cover a body that trickles.
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw notAnswered(server, who);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                // The request's own timeout is the same length and may fire first: the same answer either way.
                throw notAnswered(server, who);
            }
            throw new ApiException(503, "cannot reach " + who + " " + server + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while asking " + server);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}

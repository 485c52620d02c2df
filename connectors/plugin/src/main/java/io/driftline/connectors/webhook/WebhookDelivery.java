package io.driftline.connectors.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one body to every webhook URL, in order, retrying what may pass later (I/O errors and timeouts, HTTP 5xx
 * and 429) with the {@link RetryPolicy}. A URL that has answered 2xx is not POSTed again while the others are
 * retried, and a URL that refused the body for good (another 4xx) is not retried while they are.
 *
 * <p>It blocks the calling task thread through its waits, which is what keeps alerts in order per partition; the
 * {@link Sleeper} lets a stopping task cut a wait short.
 */
final class WebhookDelivery {

    /** Waits between retries; false when the wait was cut short because the task is stopping. */
    @FunctionalInterface
    interface Sleeper {
        boolean sleep(Duration delay) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    /** How much of an error response goes into the failure message (PagerDuty says there why it refused). */
    private static final int SNIPPET_BYTES = 300;

    private final HttpClient client;
    private final List<URI> urls;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final RetryPolicy policy;
    private final Redactor redactor;
    private final Sleeper sleeper;

    /** @param headers sent with every POST, besides Idempotency-Key */
    WebhookDelivery(HttpClient client, List<URI> urls, Map<String, String> headers, Duration timeout,
            RetryPolicy policy, Redactor redactor, Sleeper sleeper) {
        this.client = client;
        this.urls = List.copyOf(urls);
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.policy = policy;
        this.redactor = redactor;
        this.sleeper = sleeper;
    }

    /** An HTTP client for webhooks: no redirects (a moved webhook is a configuration fault), HTTP/1.1. */
    static HttpClient httpClient(Duration connectTimeout) {
        // HTTP/1.1: one small POST at a time gains nothing from HTTP/2, and plain-http receivers are spared the
        // h2c upgrade. The client's threads are daemons and end with it (Java 17's HttpClient has no close()).
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Delivers the body to every URL.
     *
     * @throws AlertDeliveryException when some URL did not take it: refused it or ran out of retries
     * @throws RetriableException when the task is stopping or interrupted mid-way; the worker redelivers the record
     */
    void deliver(byte[] body, String idempotencyKey) {
        List<Target> targets = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            targets.add(new Target(urls.get(i), "#" + (i + 1) + " " + Redactor.url(urls.get(i))));
        }
        for (int retry = 0; ; retry++) {
            for (Target target : targets) {
                if (target.state == State.PENDING) {
                    attempt(target, body, idempotencyKey);
                }
            }
            List<Target> pending = targets.stream().filter(t -> t.state == State.PENDING).toList();
            if (pending.isEmpty() || retry >= policy.maxRetries()) {
                break;
            }
            Optional<Duration> retryAfter = pending.stream().map(t -> t.retryAfter).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder());
            Duration delay = policy.delay(retry, retryAfter);
            for (Target target : pending) {
                log.warn("Alert change {}: webhook {} failed on attempt {} of {} ({}); retrying in {} ms",
                        idempotencyKey, target.shown, target.attempts, policy.maxRetries() + 1, target.lastFailure,
                        delay.toMillis());
                target.retryAfter = Optional.empty();
            }
            pause(delay, idempotencyKey);
        }
        if (targets.stream().anyMatch(t -> t.state != State.DELIVERED)) {
            throw new AlertDeliveryException(failure(targets, idempotencyKey));
        }
    }

    private void attempt(Target target, byte[] body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Idempotency-Key", idempotencyKey);
        headers.forEach(request::header);
        target.attempts++;
        try {
            HttpResponse<InputStream> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                // Delivered once the status is in: a failure reading the body must not make it a retry.
                closeQuietly(response.body());
                target.state = State.DELIVERED;
                log.debug("Alert change {} delivered to webhook {} (HTTP {}, attempt {})", idempotencyKey,
                        target.shown, status, target.attempts);
                return;
            }
            String snippet = snippet(response);
            target.lastFailure = "HTTP " + status + (snippet.isEmpty() ? "" : " " + snippet);
            if (status == 429 || status >= 500) {
                target.retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After"),
                        Instant.now());
            } else {
                target.state = State.REFUSED;
            }
        } catch (IOException e) {
            // Timeouts (HttpTimeoutException) and refused or reset connections alike: worth another try.
            target.lastFailure = redactor.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while POSTing alert change " + idempotencyKey
                    + " to webhook " + target.shown);
        }
    }

    /** The start of the response body, on one line and scrubbed: a receiver may echo the request, secrets and all. */
    private String snippet(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(SNIPPET_BYTES);
            String text = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "" : "\"" + redactor.scrub(text) + (head.length == SNIPPET_BYTES ? "…\"" : "\"");
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the answer was 2xx; the rest of the body is of no interest
        }
    }

    private void pause(Duration delay, String idempotencyKey) {
        try {
            if (!sleeper.sleep(delay)) {
                throw new RetriableException("Task stopping; alert change " + idempotencyKey + " not delivered yet");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while waiting to retry alert change " + idempotencyKey);
        }
    }

    private static String failure(List<Target> targets, String idempotencyKey) {
        long failed = targets.stream().filter(t -> t.state != State.DELIVERED).count();
        StringJoiner why = new StringJoiner("; ", "Alert change " + idempotencyKey + " not delivered to " + failed
                + " of " + targets.size() + " webhook URL(s): ", "");
        for (Target target : targets) {
            if (target.state == State.REFUSED) {
                why.add(target.shown + " refused it with " + target.lastFailure + " on attempt " + target.attempts
                        + " (not retried: only timeouts, I/O errors, 5xx and 429 are)");
            } else if (target.state == State.PENDING) {
                why.add(target.shown + " failed " + attempts(target) + ", retries exhausted; last: "
                        + target.lastFailure);
            } else {
                why.add(target.shown + " took it");
            }
        }
        return why.toString();
    }

    private static String attempts(Target target) {
        return target.attempts + (target.attempts == 1 ? " attempt" : " attempts");
    }

    private enum State { PENDING, DELIVERED, REFUSED }

    /** One URL's progress with the body being delivered. */
    private static final class Target {
        final URI url;
        final String shown;
        State state = State.PENDING;
        int attempts;
        String lastFailure;
        Optional<Duration> retryAfter = Optional.empty();

        Target(URI url, String shown) {
            this.url = url;
            this.shown = shown;
        }
    }
}

package io.driftline.connectors.webhook;

import static io.driftline.connectors.webhook.TestAlerts.alert;
import static io.driftline.connectors.webhook.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.connectors.webhook.WebhookServer.Received;
import io.driftline.connectors.webhook.WebhookServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries with back-off for what may pass, none for what will not, and no second POST to a URL that took it. */
class WebhookRetryTest {

    private final WebhookServer server = WebhookServer.start();
    private final RecordingSinkTaskContext context = RecordingSinkTaskContext.recording();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void deliverOneTo(String urls, String... overrides) {
        AlertWebhookSinkTask task = TaskRunner.start(context, TaskRunner.props(urls, overrides));
        task.put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0)));
        task.stop();
    }

    private void deliverOne(String... overrides) {
        deliverOneTo(server.url("/hook").toString(), overrides);
    }

    private String errant() {
        assertThat(context.reports()).hasSize(1);
        return context.reports().get(0).error().getMessage();
    }

    @Test
    void shouldRetryServerErrorsUntilTheServerTakesTheAlert() {
        server.script("/hook", Reply.status(500), Reply.status(502));
        deliverOne();

        List<Received> attempts = server.received();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(Received::body).containsOnly(attempts.get(0).body());
        assertThat(attempts).extracting(r -> r.header("Idempotency-Key")).containsOnly("a1:OPEN:CRITICAL");
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldWaitWhatRetryAfterSaysOnTooManyRequests() {
        server.script("/hook", Reply.retryAfter(429, "1"));
        deliverOne(AlertWebhookConfig.RETRY_BACKOFF_MAX_MS, "5000");

        List<Received> attempts = server.received();
        assertThat(attempts).hasSize(2);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(attempts.get(1).atNanos() - attempts.get(0).atNanos());
        assertThat(waitedMillis).isBetween(950L, 4000L);
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldCapRetryAfterAtTheBackOffMaximum() {
        server.script("/hook", Reply.retryAfter(503, "3600"));
        long start = System.nanoTime();
        deliverOne(AlertWebhookConfig.RETRY_BACKOFF_MAX_MS, "20");

        assertThat(server.received()).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldNotRetryAClientErrorAndReportItWithTheStatus() {
        server.script("/hook", Reply.status(400));
        deliverOne();

        assertThat(server.received()).hasSize(1);
        assertThat(errant()).contains("a1:OPEN:CRITICAL", "#1 http://127.0.0.1:", "/…", "HTTP 400", "on attempt 1",
                "not retried");
    }

    @Test
    void shouldReportTheAlertOnceRetriesAreExhausted() {
        server.script("/hook", Reply.status(500), Reply.status(500), Reply.status(500), Reply.status(500),
                Reply.status(500));
        deliverOne(AlertWebhookConfig.RETRY_MAX, "3");

        assertThat(server.received()).hasSize(4);
        assertThat(errant()).contains("failed 4 attempts", "retries exhausted", "last: HTTP 500");
    }

    @Test
    void shouldNotPostAgainToAUrlThatTookTheAlertWhileRetryingAnother() {
        server.script("/b", Reply.status(503));
        deliverOneTo(server.url("/a") + "," + server.url("/b"));

        assertThat(server.received()).extracting(Received::path).containsExactly("/a", "/b", "/b");
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldStillPostToTheOtherUrlsWhenOneRefusesTheAlert() {
        server.script("/a", Reply.status(404));
        deliverOneTo(server.url("/a") + "," + server.url("/b"));

        assertThat(server.received()).extracting(Received::path).containsExactly("/a", "/b");
        assertThat(errant()).contains("not delivered to 1 of 2", "#1 ", "HTTP 404", "#2 ", "took it");
    }

    @Test
    void shouldStopWaitingToRetryWhenTheTaskStops() throws Exception {
        for (int i = 0; i < 10; i++) {
            server.script("/hook", Reply.status(500));
        }
        AlertWebhookSinkTask task = TaskRunner.start(context, TaskRunner.props(server.url("/hook").toString(),
                AlertWebhookConfig.RETRY_BACKOFF_MS, "60000", AlertWebhookConfig.RETRY_BACKOFF_MAX_MS, "60000"));
        CompletableFuture<Void> put = CompletableFuture.runAsync(
                () -> task.put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0))));
        while (server.received().isEmpty()) {
            Thread.sleep(5);
        }
        task.stop();

        assertThatThrownBy(() -> put.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RetriableException.class)
                .hasMessageContaining("not delivered yet");
        assertThat(server.received()).hasSize(1);
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldRetryATimeout() {
        server.script("/hook", Reply.slow(Duration.ofSeconds(2)));
        deliverOne(AlertWebhookConfig.TIMEOUT_MS, "200");

        assertThat(server.received()).hasSize(2);
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldRetryARefusedConnectionAndReportItWithTheError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        deliverOneTo("http://127.0.0.1:" + closedPort + "/hook", AlertWebhookConfig.RETRY_MAX, "1");

        assertThat(errant()).contains("failed 2 attempts", "ConnectException",
                "http://127.0.0.1:" + closedPort + "/…");
    }
}

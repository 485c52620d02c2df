package io.driftline.connectors.webhook;

import static io.driftline.connectors.webhook.TestAlerts.alert;
import static io.driftline.connectors.webhook.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.driftline.connectors.webhook.RecordingSinkTaskContext.Reporter;
import io.driftline.connectors.webhook.WebhookServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No URL path or query, routing key or Authorization header in an exception message, the config's toString or a
 * log line, even when the receiver echoes the request back in its error.
 */
class SecretRedactionTest {

    private static final String PATH = "/services/T000/B000/pathS3CRET";
    private static final String QUERY = "token=queryS3CRET";
    private static final String ROUTING_KEY = "routingS3CRET0123456789abcdef012";
    private static final String AUTH = "Bearer authS3CRET";
    private static final List<String> SECRETS = List.of("pathS3CRET", "queryS3CRET", "routingS3CRET", "authS3CRET");

    private final WebhookServer server = WebhookServer.start();
    private final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    private Map<String, String> props(String urls, String... overrides) {
        Map<String, String> props = TaskRunner.props(urls, overrides);
        props.put(AlertWebhookConfig.TEMPLATE, "pagerduty");
        props.put(AlertWebhookConfig.PAGERDUTY_ROUTING_KEY, ROUTING_KEY);
        props.put(AlertWebhookConfig.AUTH_HEADER, AUTH);
        props.put(AlertWebhookConfig.RETRY_MAX, "1");
        return props;
    }

    private void assertNoSecretLogged() {
        assertThat(logs.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SECRETS));
    }

    @Test
    void shouldKeepSecretsOutOfTheErrantReportWhenTheReceiverEchoesTheRequest() {
        server.script(PATH, Reply.echo(500), Reply.echo(400));
        RecordingSinkTaskContext context = RecordingSinkTaskContext.recording();
        AlertWebhookSinkTask task = TaskRunner.start(context, props(server.url(PATH + "?" + QUERY).toString()));
        task.put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0)));
        task.stop();

        // The request did carry them: the receiver saw the routing key and the header.
        assertThat(server.received()).hasSize(2);
        assertThat(server.received().get(0).body()).contains(ROUTING_KEY);
        assertThat(server.received().get(0).query()).isEqualTo(QUERY);
        String message = context.reports().get(0).error().getMessage();
        assertThat(message).contains("HTTP 400", Redactor.REDACTED, Redactor.url(server.url("/")))
                .doesNotContain(SECRETS);
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("HTTP 500"));
        assertNoSecretLogged();
    }

    @Test
    void shouldKeepSecretsOutOfTheFailureThatStopsATaskWithoutReporter() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + PATH + "?" + QUERY;
        AlertWebhookSinkTask task = TaskRunner.start(new RecordingSinkTaskContext(Reporter.NONE), props(url));

        Throwable failure = catchThrowable(() -> task.put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0))));

        assertThat(failure).hasMessageContaining("127.0.0.1:" + closedPort + "/…");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(SECRETS);
        }
        assertNoSecretLogged();
    }

    @Test
    void shouldShowTheConfigWithUrlsRedactedAndSecretsHidden() {
        AlertWebhookConfig config = new AlertWebhookConfig(props("https://hooks.example:8443" + PATH + "?" + QUERY
                + ",https://user:pass@second.example/other"));

        assertThat(config.toString())
                .contains("webhook.urls=[https://hooks.example:8443/…, https://second.example/…]")
                .contains("webhook.pagerduty.routing.key=[hidden]", "webhook.auth.header=[hidden]")
                .doesNotContain(SECRETS).doesNotContain("user:pass");
        // AbstractConfig logs every value as the config is made.
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("webhook.urls = [hidden]"));
        assertNoSecretLogged();
    }

    @Test
    void shouldRedactAUrlToSchemeHostAndPort() {
        assertThat(Redactor.url(URI.create("https://hooks.slack.com/services/T/B/X")))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(Redactor.url(URI.create("http://u:p@localhost:8080/x?k=v#f")))
                .isEqualTo("http://localhost:8080/…");
        assertThat(new Redactor(List.of("/", "", "abc", "abcdef")).scrub("x abcdef abc / y"))
                .isEqualTo("x [redacted] [redacted] / y");
    }
}

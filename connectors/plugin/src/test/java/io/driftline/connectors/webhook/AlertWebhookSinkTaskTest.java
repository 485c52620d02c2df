package io.driftline.connectors.webhook;

import static io.driftline.connectors.webhook.TestAlerts.alert;
import static io.driftline.connectors.webhook.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.connectors.webhook.RecordingSinkTaskContext.Reporter;
import io.driftline.connectors.webhook.WebhookServer.Received;
import io.driftline.connectors.webhook.WebhookServer.Reply;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the task POSTs for a key's life on the alerts topic, and what it does with what it cannot deliver. */
class AlertWebhookSinkTaskTest {

    private final WebhookServer server = WebhookServer.start();
    private final RecordingSinkTaskContext context = RecordingSinkTaskContext.recording();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private AlertWebhookSinkTask startTask(String... overrides) {
        return TaskRunner.start(context, TaskRunner.props(server.url("/hook").toString(), overrides));
    }

    private List<String> idempotencyKeys() {
        return server.received().stream().map(r -> r.header("Idempotency-Key")).toList();
    }

    @Test
    void shouldPostOpenEscalatedAndResolvedOnceEachAndSkipRepeatedStates() {
        AlertWebhookSinkTask task = startTask();
        Struct rewritten = alert("a1", "OPEN", "WARNING").put("value", 0.33);
        task.put(List.of(
                record(alert("a1", "OPEN", "WARNING"), 0),
                record(rewritten, 1),
                record(alert("a1", "OPEN", "CRITICAL"), 2),
                record(alert("a1", "RESOLVED", "CRITICAL"), 3),
                record(alert("a1", "RESOLVED", "CRITICAL"), 4)));

        assertThat(idempotencyKeys()).containsExactly("a1:OPEN:WARNING", "a1:OPEN:CRITICAL", "a1:RESOLVED:CRITICAL");
        assertThat(task.metrics().delivered).hasValue(3);
        assertThat(task.metrics().unchanged).hasValue(2);
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldShowItsCountsAsTaskMetrics() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(
                record(alert("a1", "OPEN", "WARNING"), 0),
                record(alert("a1", "OPEN", "WARNING"), 1),
                record(null, 2),
                record("not an alert", 3)));

        assertThat(context.metrics().value("alert-changes-delivered-total")).isEqualTo(1L);
        assertThat(context.metrics().value("alert-records-unchanged-total")).isEqualTo(1L);
        assertThat(context.metrics().value("alert-tombstones-total")).isEqualTo(1L);
        assertThat(context.metrics().value("alert-records-failed-total")).isEqualTo(1L);
    }

    @Test
    void shouldSkipARepeatedStateAcrossPutCalls() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(record(alert("a1", "OPEN", "WARNING"), 0)));
        task.put(List.of(record(alert("a1", "OPEN", "WARNING").put("value", 0.5), 1)));

        assertThat(server.received()).hasSize(1);
    }

    @Test
    void shouldSendIdempotencyKeyContentTypeUserAgentAndAuthorizationOnEveryPost() {
        AlertWebhookSinkTask task = startTask(AlertWebhookConfig.AUTH_HEADER, "Bearer t0ken");
        task.put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0)));

        Received post = server.received().get(0);
        assertThat(post.header("Idempotency-Key")).isEqualTo("a1:OPEN:CRITICAL");
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        assertThat(post.header("User-Agent")).isEqualTo("driftline-alert-webhook/" + task.version());
        assertThat(post.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(post.path()).isEqualTo("/hook");
    }

    @Test
    void shouldSendNoAuthorizationHeaderWhenNoneIsConfigured() {
        startTask().put(List.of(record(alert("a1", "OPEN", "CRITICAL"), 0)));

        assertThat(server.received().get(0).header("Authorization")).isNull();
    }

    @Test
    void shouldCompareChangesPerKey() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(
                record("fraud|DATA_DRIFT|amount", alert("a1", "OPEN", "WARNING"), 0),
                record("fraud|DATA_DRIFT|country", alert("a2", "OPEN", "WARNING").put("subject", "country"), 1),
                record("fraud|DATA_DRIFT|amount", alert("a1", "OPEN", "WARNING"), 2),
                record("fraud|DATA_DRIFT|country", alert("a2", "OPEN", "CRITICAL").put("subject", "country"), 3)));

        assertThat(idempotencyKeys()).containsExactly("a1:OPEN:WARNING", "a2:OPEN:WARNING", "a2:OPEN:CRITICAL");
    }

    @Test
    void shouldPostANewOccurrenceOfTheSameKeyAndState() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(
                record(alert("a1", "RESOLVED", "WARNING"), 0),
                record(alert("a2", "RESOLVED", "WARNING"), 1)));

        assertThat(idempotencyKeys()).containsExactly("a1:RESOLVED:WARNING", "a2:RESOLVED:WARNING");
    }

    @Test
    void shouldUseTheAlertsTopicKeyForARecordWithoutKey() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(
                record(null, alert("a1", "OPEN", "WARNING"), 0),
                record(TestAlerts.KEY, alert("a1", "OPEN", "WARNING"), 1)));

        assertThat(server.received()).hasSize(1);
    }

    @Test
    void shouldSkipTombstonesAndForgetTheirKey() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(
                record(alert("a1", "OPEN", "WARNING"), 0),
                record(null, 1),
                record(alert("a1", "OPEN", "WARNING"), 2)));

        assertThat(server.received()).hasSize(2);
        assertThat(task.metrics().tombstones).hasValue(1);
        assertThat(context.reports()).isEmpty();
    }

    @Test
    void shouldForgetWhatItSentForAPartitionItCloses() {
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(record(alert("a1", "OPEN", "WARNING"), 0)));
        task.close(List.of(new TopicPartition(TestAlerts.TOPIC, 0)));
        task.put(List.of(record(alert("a1", "OPEN", "WARNING"), 1)));

        assertThat(server.received()).hasSize(2);
    }

    @Test
    void shouldReportValuesThatAreNotAlertsAndGoOnWithTheNextRecord() {
        AlertWebhookSinkTask task = startTask();
        Schema other = SchemaBuilder.struct().name("io.driftline.Prediction").field("id", Schema.STRING_SCHEMA).build();
        task.put(List.of(
                record("just a string", 0),
                record(new Struct(other).put("id", "p1"), 1),
                record(alert("a1", "OPEN", "WARNING"), 2)));

        assertThat(context.reports()).hasSize(2);
        assertThat(context.reports().get(0).record().kafkaOffset()).isZero();
        assertThat(context.reports().get(0).error()).hasMessageContaining("not an alert")
                .hasMessageContaining("java.lang.String");
        assertThat(context.reports().get(1).error()).hasMessageContaining("io.driftline.Prediction");
        assertThat(server.received()).hasSize(1);
        assertThat(task.metrics().failed).hasValue(2);
    }

    @Test
    void shouldPostAgainARecordWhoseStateWasNotDelivered() {
        server.script("/hook", Reply.status(400));
        AlertWebhookSinkTask task = startTask();
        task.put(List.of(record(alert("a1", "OPEN", "WARNING"), 0), record(alert("a1", "OPEN", "WARNING"), 1)));

        assertThat(server.received()).hasSize(2);
        assertThat(context.reports()).extracting(r -> r.record().kafkaOffset()).containsExactly(0L);
    }

    @Test
    void shouldFailTheTaskWhenTheWorkerHasNoErrantRecordReporter() {
        server.script("/hook", Reply.status(400));
        AlertWebhookSinkTask task = TaskRunner.start(new RecordingSinkTaskContext(Reporter.NONE),
                TaskRunner.props(server.url("/hook").toString()));

        assertThatThrownBy(() -> task.put(List.of(record(alert("a1", "OPEN", "WARNING"), 0))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("alerts-0@0")
                .hasMessageContaining("no errant record reporter")
                .hasMessageContaining("HTTP 400");
    }

    @Test
    void shouldFailTheTaskWhenTheWorkerDoesNotSupportErrantRecordReporting() {
        AlertWebhookSinkTask task = TaskRunner.start(new RecordingSinkTaskContext(Reporter.UNSUPPORTED),
                TaskRunner.props(server.url("/hook").toString()));

        assertThatThrownBy(() -> task.put(List.of(record(42, 0))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("not an alert");
    }
}

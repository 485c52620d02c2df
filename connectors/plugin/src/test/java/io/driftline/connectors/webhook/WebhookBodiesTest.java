package io.driftline.connectors.webhook;

import static io.driftline.connectors.webhook.TestAlerts.alert;
import static io.driftline.connectors.webhook.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON each template POSTs, as the receiver parses it. */
class WebhookBodiesTest {

    private static final String DASHBOARD = "https://driftline.example/models/fraud";
    private static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";

    private final WebhookServer server = WebhookServer.start();
    private final RecordingSinkTaskContext context = RecordingSinkTaskContext.recording();

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The bodies received for these alerts, one record each, offsets from 7. */
    private List<JsonNode> bodies(List<Struct> alerts, String... overrides) {
        AlertWebhookSinkTask task = TaskRunner.start(context, TaskRunner.props(server.url("/hook").toString(),
                overrides));
        List<org.apache.kafka.connect.sink.SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            records.add(record(alerts.get(i), 7 + i));
        }
        task.put(records);
        assertThat(context.reports()).isEmpty();
        return server.received().stream().map(WebhookServer.Received::json).toList();
    }

    @Test
    void shouldPostEveryAlertFieldWithIsoTimestampsTheKeyAndTheKafkaPositionInTheGenericBody() {
        JsonNode body = bodies(List.of(alert("a1", "OPEN", "CRITICAL")),
                AlertWebhookConfig.DASHBOARD_URL, DASHBOARD).get(0);

        for (Field field : TestAlerts.SCHEMA.fields()) {
            assertThat(body.has(field.name())).as(field.name()).isTrue();
        }
        assertThat(body.get("alertId").asText()).isEqualTo("a1");
        assertThat(body.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(body.get("status").asText()).isEqualTo("OPEN");
        assertThat(body.get("value").asDouble()).isEqualTo(0.41);
        assertThat(body.get("windowStart").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(body.get("createdAt").asText()).isEqualTo("2026-03-01T10:15:00Z");
        assertThat(body.get("topFeatures")).extracting(JsonNode::asText).containsExactly("amount", "merchant_category");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo("a1:OPEN:CRITICAL");
        assertThat(body.get("dashboardUrl").asText()).isEqualTo(DASHBOARD);
        assertThat(body.get("kafka").get("topic").asText()).isEqualTo("alerts");
        assertThat(body.get("kafka").get("partition").asInt()).isZero();
        assertThat(body.get("kafka").get("offset").asLong()).isEqualTo(7);
    }

    @Test
    void shouldWriteNullsAsJsonNullAndLeaveOutAnUnsetDashboardInTheGenericBody() {
        JsonNode body = bodies(List.of(TestAlerts.sparse("a1", "OPEN", "WARNING"))).get(0);

        assertThat(body.get("modelVersion").isNull()).isTrue();
        assertThat(body.get("value").isNull()).isTrue();
        assertThat(body.get("windowEnd").isNull()).isTrue();
        assertThat(body.get("updatedAt").isNull()).isTrue();
        assertThat(body.get("topFeatures").isEmpty()).isTrue();
        assertThat(body.has("dashboardUrl")).isFalse();
    }

    @Test
    void shouldPostASlackMessageWithTextSectionContextAndDashboardButton() {
        List<JsonNode> bodies = bodies(List.of(alert("a1", "OPEN", "CRITICAL"), alert("a1", "RESOLVED", "CRITICAL")),
                AlertWebhookConfig.TEMPLATE, "slack", AlertWebhookConfig.DASHBOARD_URL, DASHBOARD);

        JsonNode open = bodies.get(0);
        // Slack wants &, < and > escaped in text; it shows "0.41 > 0.25".
        assertThat(open.get("text").asText())
                .isEqualTo(":rotating_light: CRITICAL DATA_DRIFT on fraud v3: amount psi 0.41 &gt; 0.25");
        JsonNode blocks = open.get("blocks");
        assertThat(blocks).extracting(b -> b.get("type").asText()).containsExactly("section", "context", "actions");
        JsonNode section = blocks.get(0).get("text");
        assertThat(section.get("type").asText()).isEqualTo("mrkdwn");
        assertThat(section.get("text").asText())
                .contains("amount's PSI 0.41 exceeds 0.25 &lt;since 10:00&gt; &amp; rising")
                .contains("*Window:* 2026-03-01T10:00:00Z to 2026-03-01T10:15:00Z")
                .contains("*Top features:* amount, merchant_category");
        assertThat(blocks.get(1).get("elements").get(0).get("text").asText()).contains("`a1`").contains("OPEN");
        JsonNode button = blocks.get(2).get("elements").get(0);
        assertThat(button.get("type").asText()).isEqualTo("button");
        assertThat(button.get("url").asText()).isEqualTo(DASHBOARD);

        assertThat(bodies.get(1).get("text").asText())
                .isEqualTo(":white_check_mark: RESOLVED DATA_DRIFT on fraud v3: amount psi 0.41 (threshold 0.25)");
    }

    @Test
    void shouldLeaveOutTheWindowFeaturesAndButtonThatASlackMessageHasNoValueFor() {
        JsonNode body = bodies(List.of(TestAlerts.sparse("a1", "OPEN", "WARNING")),
                AlertWebhookConfig.TEMPLATE, "slack").get(0);

        assertThat(body.get("text").asText()).isEqualTo(":warning: WARNING MODEL_REJECTED on fraud: 3");
        assertThat(body.get("blocks")).extracting(b -> b.get("type").asText()).containsExactly("section", "context");
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).doesNotContain("Window", "Top features");
    }

    @Test
    void shouldPostAPagerDutyTriggerWhileOpenAndAResolveOnceResolvedWithTheAlertIdAsDedupKey() {
        List<JsonNode> bodies = bodies(List.of(alert("a1", "OPEN", "CRITICAL"), alert("a1", "RESOLVED", "CRITICAL")),
                AlertWebhookConfig.TEMPLATE, "pagerduty", AlertWebhookConfig.PAGERDUTY_ROUTING_KEY, ROUTING_KEY,
                AlertWebhookConfig.DASHBOARD_URL, DASHBOARD);

        JsonNode trigger = bodies.get(0);
        assertThat(trigger.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("a1");
        JsonNode payload = trigger.get("payload");
        assertThat(payload.get("summary").asText())
                .isEqualTo("CRITICAL DATA_DRIFT on fraud v3: amount psi 0.41 > 0.25");
        assertThat(payload.get("source").asText()).isEqualTo("driftline/fraud");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-03-01T10:20:00Z");
        assertThat(payload.get("component").asText()).isEqualTo("fraud");
        assertThat(payload.get("group").asText()).isEqualTo("DATA_DRIFT");
        assertThat(payload.get("class").asText()).isEqualTo("psi");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("alertId").asText()).isEqualTo("a1");
        assertThat(details.get("subject").asText()).isEqualTo("amount");
        assertThat(details.get("threshold").asDouble()).isEqualTo(0.25);
        assertThat(details.get("windowEnd").asText()).isEqualTo("2026-03-01T10:15:00Z");
        assertThat(details.get("idempotencyKey").asText()).isEqualTo("a1:OPEN:CRITICAL");
        assertThat(details.has("model")).isFalse();
        assertThat(trigger.get("links").get(0).get("href").asText()).isEqualTo(DASHBOARD);

        JsonNode resolve = bodies.get(1);
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo("a1");
    }

    @Test
    void shouldMapSeveritiesAndKeepThePagerDutySummaryWithinItsLimit() {
        String longSubject = "f".repeat(2000);
        List<JsonNode> bodies = bodies(List.of(alert("a1", "OPEN", "WARNING"),
                        TestAlerts.sparse("a2", "OPEN", "INFO").put("subject", longSubject)),
                AlertWebhookConfig.TEMPLATE, "pagerduty", AlertWebhookConfig.PAGERDUTY_ROUTING_KEY, ROUTING_KEY);

        assertThat(bodies.get(0).get("payload").get("severity").asText()).isEqualTo("warning");
        assertThat(bodies.get(0).has("links")).isFalse();
        JsonNode info = bodies.get(1).get("payload");
        assertThat(info.get("severity").asText()).isEqualTo("info");
        assertThat(info.get("summary").asText()).hasSize(PagerDutyBody.SUMMARY_MAX).endsWith("…");
        assertThat(info.get("timestamp").asText()).isEqualTo("2026-03-01T10:15:00Z");
        assertThat(info.has("class")).isFalse();
    }
}

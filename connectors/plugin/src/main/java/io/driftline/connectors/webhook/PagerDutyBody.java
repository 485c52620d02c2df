package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A PagerDuty Events API v2 event: {@code trigger} while the alert is open, {@code resolve} once it is resolved,
 * with {@code dedup_key} the alert id so that both land on the same PagerDuty incident and a repeat is absorbed.
 * The payload maps model to component, type to group and metric to class; every other Alert field goes into
 * {@code custom_details}.
 */
final class PagerDutyBody implements BodyTemplate {

    /** PagerDuty's limit on a summary. */
    static final int SUMMARY_MAX = 1024;
    private static final Set<String> IN_PAYLOAD = Set.of("model", "type", "metric", "severity");

    private final String routingKey;
    private final String dashboardUrl;

    PagerDutyBody(String routingKey, String dashboardUrl) {
        this.routingKey = routingKey;
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public ObjectNode render(AlertRecord alert, RecordPosition position, String idempotencyKey) {
        ObjectNode body = JsonValues.FACTORY.objectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", alert.isResolved() ? "resolve" : "trigger");
        body.put("dedup_key", alert.alertId());
        body.put("client", "Driftline");
        if (dashboardUrl != null) {
            body.put("client_url", dashboardUrl);
        }

        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate(AlertSummary.of(alert)));
        payload.put("source", "driftline/" + alert.model());
        payload.put("severity", severity(alert.severity()));
        payload.put("timestamp", alert.changedAt().toString());
        payload.put("component", alert.model());
        payload.put("group", alert.type());
        if (alert.metric() != null) {
            payload.put("class", alert.metric());
        }
        ObjectNode details = alert.fieldsAsJson(IN_PAYLOAD);
        details.put("idempotencyKey", idempotencyKey);
        payload.set("custom_details", details);

        if (dashboardUrl != null) {
            body.putArray("links").addObject().put("href", dashboardUrl).put("text", "Driftline dashboard");
        }
        return body;
    }

    /** PagerDuty's severities are critical, error, warning and info; a severity unknown here pages as a warning. */
    static String severity(String severity) {
        return switch (severity) {
            case "CRITICAL" -> "critical";
            case "INFO" -> "info";
            default -> "warning";
        };
    }

    private static String truncate(String summary) {
        return summary.length() <= SUMMARY_MAX ? summary : summary.substring(0, SUMMARY_MAX - 1) + "…";
    }
}

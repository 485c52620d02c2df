package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A Slack incoming-webhook message: {@code text}, the one-line summary with an emoji (also what notifications
 * show), and Block Kit {@code blocks}: a section (summary, message, window, top features), a context line (alert
 * id, status, times) and, when a dashboard is configured, a button to it.
 *
 * <p>Slack reads {@code &}, {@code <} and {@code >} in text as markup, so they are escaped as its docs ask: the
 * summary's "0.41 > 0.25" goes out as "0.41 &amp;gt; 0.25" and shows as "0.41 > 0.25".
 */
final class SlackBody implements BodyTemplate {

    /** Slack's limit on a section's text. */
    static final int SECTION_TEXT_MAX = 3000;

    private final String dashboardUrl;

    SlackBody(String dashboardUrl) {
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public ObjectNode render(AlertRecord alert, RecordPosition position, String idempotencyKey) {
        String summary = escape(AlertSummary.of(alert));
        ObjectNode body = JsonValues.FACTORY.objectNode();
        body.put("text", emoji(alert) + " " + summary);
        ArrayNode blocks = body.putArray("blocks");

        StringBuilder text = new StringBuilder("*").append(summary).append("*\n").append(escape(alert.message()));
        if (alert.windowStart() != null || alert.windowEnd() != null) {
            text.append("\n*Window:* ").append(time(alert.windowStart())).append(" to ")
                    .append(time(alert.windowEnd()));
        }
        if (!alert.topFeatures().isEmpty()) {
            text.append("\n*Top features:* ").append(escape(String.join(", ", alert.topFeatures())));
        }
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", truncate(text.toString()));

        String context = "Driftline alert `" + escape(alert.alertId()) + "` · " + alert.status() + " · "
                + alert.severity() + " · opened " + time(alert.createdAt()) + " · updated " + time(alert.changedAt());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", context);

        if (dashboardUrl != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button").put("url", dashboardUrl);
            button.putObject("text").put("type", "plain_text").put("text", "Open dashboard");
        }
        return body;
    }

    private static String emoji(AlertRecord alert) {
        if (alert.isResolved()) {
            return ":white_check_mark:";
        }
        return switch (alert.severity()) {
            case "CRITICAL" -> ":rotating_light:";
            case "WARNING" -> ":warning:";
            default -> ":information_source:";
        };
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String time(Instant instant) {
        return instant == null ? "?" : instant.toString();
    }

    private static String truncate(String text) {
        return text.length() <= SECTION_TEXT_MAX ? text : text.substring(0, SECTION_TEXT_MAX - 1) + "…";
    }
}

package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON body POSTed for one alert change; one implementation per {@link AlertWebhookConfig.Template}. */
interface BodyTemplate {

    /**
     * @param alert the alert as it is now
     * @param position where the record lives in Kafka
     * @param idempotencyKey the change's {@code alertId:status:severity}
     */
    ObjectNode render(AlertRecord alert, RecordPosition position, String idempotencyKey);

    static BodyTemplate of(AlertWebhookConfig config) {
        String dashboard = config.dashboardUrl().orElse(null);
        return switch (config.template()) {
            case GENERIC -> new GenericBody(dashboard);
            case SLACK -> new SlackBody(dashboard);
            // The config refuses pagerduty without a routing key, so it is there.
            case PAGERDUTY -> new PagerDutyBody(config.pagerDutyRoutingKey().orElseThrow(), dashboard);
        };
    }
}

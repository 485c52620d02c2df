package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Every field of the Alert (new fields of a newer schema included, timestamps as ISO-8601, nulls as null), then
 * {@code idempotencyKey}, {@code dashboardUrl} when configured, and {@code kafka}: {topic, partition, offset}.
 */
final class GenericBody implements BodyTemplate {

    private final String dashboardUrl;

    GenericBody(String dashboardUrl) {
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public ObjectNode render(AlertRecord alert, RecordPosition position, String idempotencyKey) {
        ObjectNode body = alert.fieldsAsJson(Set.of());
        body.put("idempotencyKey", idempotencyKey);
        if (dashboardUrl != null) {
            body.put("dashboardUrl", dashboardUrl);
        }
        ObjectNode kafka = body.putObject("kafka");
        kafka.put("topic", position.topic());
        kafka.put("partition", position.partition());
        kafka.put("offset", position.offset());
        return body;
    }
}

package io.driftline.connectors.webhook;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A sink connector that POSTs Driftline alert changes (the {@code alerts} topic, values read by
 * {@code DriftlineAvroConverter}) to webhooks: a generic JSON receiver, Slack or PagerDuty. See
 * {@link AlertWebhookConfig} for the settings and {@link AlertWebhookSinkTask} for what is sent when.
 *
 * <pre>
 * connector.class=io.driftline.connectors.webhook.AlertWebhookSinkConnector
 * topics=alerts
 * value.converter=io.driftline.connectors.avro.DriftlineAvroConverter
 * value.converter.schema.registry.url=http://registry:8081
 * key.converter=org.apache.kafka.connect.storage.StringConverter
 * webhook.template=slack
 * webhook.urls=${file:/etc/driftline/secrets.properties:slack.webhook.url}
 * errors.tolerance=all
 * errors.deadletterqueue.topic.name=alerts-webhook-dlq
 * </pre>
 *
 * <p>The alerts topic is compacted: a new connector reads it from the start and so POSTs every alert's latest
 * state once. {@code consumer.override.auto.offset.reset=latest} starts it at the end instead.
 */
public final class AlertWebhookSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return WebhookVersion.VERSION;
    }

    /** Checks the settings, so that a bad configuration fails the connector rather than each task. */
    @Override
    public void start(Map<String, String> props) {
        new AlertWebhookConfig(props);
        this.props = Collections.unmodifiableMap(new HashMap<>(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AlertWebhookSinkTask.class;
    }

    /**
     * Every task gets the connector's settings, unchanged. Before the worker stores task configs it puts back the
     * {@code ${provider:...}} reference of each key that had one in the connector's config, so a secret stays a
     * reference there as long as it keeps its key (copying it under another key would store it resolved).
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return AlertWebhookConfig.configDef();
    }

    /** The ConfigDef's checks, plus the one across settings: pagerduty needs a routing key. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConfigValue template = value(config, AlertWebhookConfig.TEMPLATE);
        ConfigValue routingKey = value(config, AlertWebhookConfig.PAGERDUTY_ROUTING_KEY);
        if (template != null && routingKey != null && template.errorMessages().isEmpty()
                && AlertWebhookConfig.Template.PAGERDUTY.configValue().equals(template.value())) {
            String raw = connectorConfigs.get(AlertWebhookConfig.PAGERDUTY_ROUTING_KEY);
            String problem = AlertWebhookConfig.missingRoutingKey(AlertWebhookConfig.Template.PAGERDUTY,
                    raw != null && !raw.isBlank());
            if (problem != null) {
                routingKey.addErrorMessage(problem);
            }
        }
        return config;
    }

    private static ConfigValue value(Config config, String name) {
        return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}

package io.driftline.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The settings' defaults and checks, at config, connector start and connector validation. */
class AlertWebhookConfigTest {

    private static Map<String, String> props(String... entries) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            props.put(entries[i], entries[i + 1]);
        }
        return props;
    }

    private static List<String> errors(Config config, String name) {
        return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void shouldDefaultToTheGenericTemplateAndTheDocumentedTimings() {
        AlertWebhookConfig config = new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                " https://a.example/hook , http://b.example:8080/x?y=1"));

        assertThat(config.urls()).containsExactly(URI.create("https://a.example/hook"),
                URI.create("http://b.example:8080/x?y=1"));
        assertThat(config.template()).isEqualTo(AlertWebhookConfig.Template.GENERIC);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retryMax()).isEqualTo(5);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.authHeader()).isEmpty();
        assertThat(config.dashboardUrl()).isEmpty();
        assertThat(config.pagerDutyRoutingKey()).isEmpty();
    }

    @Test
    void shouldRefuseAUrlWithAnotherSchemeNamingItsPositionButNotTheUrl() {
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                "https://ok.example/hook,ftp://files.example/s3cr3t-path")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("URL #2 of 2")
                .hasMessageContaining("scheme other than http or https")
                .hasMessageNotContainingAny("s3cr3t", "files.example", "ok.example");
    }

    @Test
    void shouldRefuseARelativeAnUnparsableAnEmptyAndAHostlessUrl() {
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                "hooks.slack.com/services/T0/B0/s3cr3t")))
                .hasMessageContaining("URL #1 of 1 is not absolute").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                "https://exa mple.com/s3cr3t")))
                .hasMessageContaining("not a valid URI").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                "https://a.example/x,,https://b.example/y")))
                .hasMessageContaining("URL #2 of 3 is empty");
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS,
                "https://my_host/s3cr3t")))
                .hasMessageContaining("has no host").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void shouldRequireUrlsAndAKnownTemplate() {
        assertThatThrownBy(() -> new AlertWebhookConfig(props()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertWebhookConfig.URLS);
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS, "https://a.example/",
                AlertWebhookConfig.TEMPLATE, "teams")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertWebhookConfig.TEMPLATE);
    }

    @Test
    void shouldRefuseBadTimingsAndABadDashboardUrl() {
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS, "https://a.example/",
                AlertWebhookConfig.RETRY_MAX, "-1")))
                .hasMessageContaining(AlertWebhookConfig.RETRY_MAX);
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS, "https://a.example/",
                AlertWebhookConfig.TIMEOUT_MS, "0")))
                .hasMessageContaining(AlertWebhookConfig.TIMEOUT_MS);
        assertThatThrownBy(() -> new AlertWebhookConfig(props(AlertWebhookConfig.URLS, "https://a.example/",
                AlertWebhookConfig.DASHBOARD_URL, "driftline.example/models")))
                .hasMessageContaining(AlertWebhookConfig.DASHBOARD_URL).hasMessageContaining("not absolute");
    }

    @Test
    void shouldRequireARoutingKeyForPagerDutyAtConfigConnectorStartAndValidation() {
        Map<String, String> props = props(AlertWebhookConfig.URLS, "https://events.pagerduty.com/v2/enqueue",
                AlertWebhookConfig.TEMPLATE, "pagerduty");

        assertThatThrownBy(() -> new AlertWebhookConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AlertWebhookConfig.PAGERDUTY_ROUTING_KEY + " is required when "
                        + AlertWebhookConfig.TEMPLATE + "=pagerduty");
        assertThatThrownBy(() -> new AlertWebhookSinkConnector().start(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertWebhookConfig.PAGERDUTY_ROUTING_KEY);
        Config validated = new AlertWebhookSinkConnector().validate(props);
        assertThat(errors(validated, AlertWebhookConfig.PAGERDUTY_ROUTING_KEY)).singleElement().asString()
                .contains("is required when webhook.template=pagerduty");

        props.put(AlertWebhookConfig.PAGERDUTY_ROUTING_KEY, "0123456789abcdef0123456789abcdef");
        assertThat(new AlertWebhookSinkConnector().validate(props).configValues())
                .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }

    @Test
    void shouldReportABadUrlInValidationWithoutTheUrl() {
        Config validated = new AlertWebhookSinkConnector().validate(props(AlertWebhookConfig.URLS,
                "https://ok.example/a,mailto:someone@s3cr3t.example"));

        assertThat(errors(validated, AlertWebhookConfig.URLS)).singleElement().asString()
                .contains("URL #2 of 2").doesNotContain("s3cr3t");
    }

    @Test
    void shouldGiveEveryTaskTheConnectorsSettingsUnchanged() {
        AlertWebhookSinkConnector connector = new AlertWebhookSinkConnector();
        Map<String, String> props = props(AlertWebhookConfig.URLS, "https://a.example/hook",
                AlertWebhookConfig.TEMPLATE, "slack");
        connector.start(props);

        assertThat(connector.taskConfigs(3)).hasSize(3).containsOnly(props);
        assertThat(connector.taskClass()).isEqualTo(AlertWebhookSinkTask.class);
        assertThat(connector.version()).isNotBlank().isEqualTo(new AlertWebhookSinkTask().version());
        assertThat(connector.config().names()).contains(AlertWebhookConfig.URLS, AlertWebhookConfig.TEMPLATE,
                AlertWebhookConfig.PAGERDUTY_ROUTING_KEY, AlertWebhookConfig.AUTH_HEADER,
                AlertWebhookConfig.DASHBOARD_URL, AlertWebhookConfig.TIMEOUT_MS, AlertWebhookConfig.RETRY_MAX,
                AlertWebhookConfig.RETRY_BACKOFF_MS, AlertWebhookConfig.RETRY_BACKOFF_MAX_MS);
        assertThat(connector.config().configKeys().values()).allSatisfy(key ->
                assertThat(key.documentation).as(key.name).isNotBlank());
    }
}

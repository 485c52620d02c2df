package io.driftline.connectors.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of {@link AlertWebhookSinkConnector} and its tasks, checked when the connector or a task starts.
 *
 * <p>The webhook URLs, the PagerDuty routing key and the Authorization header are {@link Type#PASSWORD}: Slack and
 * PagerDuty put the secret in the URL itself. Give them through a worker config provider
 * ({@code ${file:/etc/secrets/webhook.properties:slack.url}}, {@code ${env:...}}); the worker resolves them, and
 * nothing here (messages, {@link #toString()}, logs) shows more of a URL than {@code scheme://host[:port]/…}.
 */
public final class AlertWebhookConfig extends AbstractConfig {

    public static final String URLS = "webhook.urls";
    public static final String TEMPLATE = "webhook.template";
    public static final String PAGERDUTY_ROUTING_KEY = "webhook.pagerduty.routing.key";
    public static final String AUTH_HEADER = "webhook.auth.header";
    public static final String DASHBOARD_URL = "webhook.dashboard.url";
    public static final String TIMEOUT_MS = "webhook.timeout.ms";
    public static final String RETRY_MAX = "webhook.retry.max";
    public static final String RETRY_BACKOFF_MS = "webhook.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "webhook.retry.backoff.max.ms";

    /** The shape of the JSON body POSTed for each alert change. */
    public enum Template {
        /** Every Alert field, the idempotency key and the record's Kafka position. */
        GENERIC,
        /** A Slack incoming webhook message: a one-line {@code text} and Block Kit {@code blocks}. */
        SLACK,
        /** A PagerDuty Events API v2 event: trigger while OPEN, resolve once RESOLVED, deduplicated by alert id. */
        PAGERDUTY;

        /** The value of {@value #TEMPLATE} that selects this template. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The settings and their docs; a fresh instance each call, since a ConfigDef is mutable. */
    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(URLS, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new HttpUrls.ListValidator(), Importance.HIGH,
                        "Comma-separated list of one or more absolute http(s) URLs; every alert change is POSTed to "
                                + "each, in order, and counts as delivered once all answered 2xx. A PASSWORD because "
                                + "Slack and PagerDuty URLs embed their secret: give it through a config provider. "
                                + "For PagerDuty, https://events.pagerduty.com/v2/enqueue.")
                .define(TEMPLATE, Type.STRING, Template.GENERIC.configValue(),
                        ConfigDef.ValidString.in(Template.GENERIC.configValue(), Template.SLACK.configValue(),
                                Template.PAGERDUTY.configValue()),
                        Importance.HIGH,
                        "Body shape: 'generic' (every Alert field as JSON, plus idempotencyKey, dashboardUrl and the "
                                + "record's kafka topic/partition/offset), 'slack' (incoming-webhook text and "
                                + "blocks) or 'pagerduty' (Events API v2, trigger on OPEN and resolve on RESOLVED, "
                                + "dedup_key = alertId).")
                .define(PAGERDUTY_ROUTING_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                        "Integration (routing) key of the PagerDuty service; required when " + TEMPLATE
                                + "=pagerduty.")
                .define(AUTH_HEADER, Type.PASSWORD, null, Importance.MEDIUM,
                        "Value of the Authorization header sent with every POST (for example 'Bearer <token>'); none "
                                + "when unset.")
                .define(DASHBOARD_URL, Type.STRING, null, new HttpUrls.OptionalValidator(), Importance.LOW,
                        "Link to the Driftline dashboard, put into every body (generic: dashboardUrl; slack: a "
                                + "button; pagerduty: links).")
                .define(TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Connect and response timeout of one POST, in milliseconds; a timeout is retried.")
                .define(RETRY_MAX, Type.INT, 5, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Retries of a URL after its first attempt, on an I/O error, a timeout, HTTP 5xx or 429. "
                                + "Other 4xx are not retried. A record not delivered goes to the errant record "
                                + "reporter (the dead-letter topic).")
                .define(RETRY_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Base of the exponential back-off between retries, in milliseconds: retry n waits between "
                                + "half and all of min(max, base * 2^n).")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Longest wait between retries, in milliseconds; also caps a server's Retry-After. The "
                                + "task waits inside put(), so (retry.max + 1) x (timeout + this) per record must fit "
                                + "in the consumer's max.poll.interval.ms.");
    }

    private final List<URI> urls;

    /**
     * Parses and checks the settings.
     *
     * @throws ConfigException on a bad or missing value, or a pagerduty template without a routing key
     */
    public AlertWebhookConfig(Map<?, ?> props) {
        super(configDef(), props, true); // logs every value, a Password as [hidden]
        this.urls = HttpUrls.parseList(URLS, getPassword(URLS));
        String problem = missingRoutingKey(template(), pagerDutyRoutingKey().isPresent());
        if (problem != null) {
            throw new ConfigException(problem);
        }
    }

    /** Why a template lacks what it needs, or null when it does not. */
    static String missingRoutingKey(Template template, boolean hasRoutingKey) {
        if (template == Template.PAGERDUTY && !hasRoutingKey) {
            return PAGERDUTY_ROUTING_KEY + " is required when " + TEMPLATE + "=pagerduty: the integration key of the "
                    + "PagerDuty service's Events API v2 integration";
        }
        return null;
    }

    /** The URLs to POST to, in order. */
    public List<URI> urls() {
        return urls;
    }

    /** Which body to POST. */
    public Template template() {
        return Template.valueOf(getString(TEMPLATE).toUpperCase(Locale.ROOT));
    }

    /** The PagerDuty integration key; present whenever the template is pagerduty. */
    public Optional<String> pagerDutyRoutingKey() {
        return secret(PAGERDUTY_ROUTING_KEY);
    }

    /** The Authorization header's value, if one is to be sent. */
    public Optional<String> authHeader() {
        return secret(AUTH_HEADER);
    }

    /** The dashboard link for the bodies, if configured. */
    public Optional<String> dashboardUrl() {
        return Optional.ofNullable(getString(DASHBOARD_URL)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Connect and response timeout of one POST. */
    public Duration timeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS));
    }

    /** Retries of a URL after its first attempt. */
    public int retryMax() {
        return getInt(RETRY_MAX);
    }

    /** Base of the exponential back-off. */
    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }

    /** Longest wait between retries, Retry-After included. */
    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
    }

    /** A scrubber that knows every secret of this configuration. */
    Redactor redactor() {
        List<String> secrets = new ArrayList<>();
        secrets.add(getPassword(URLS).value());
        for (URI url : urls) {
            secrets.add(url.toString());
            secrets.add(url.getRawPath());
            secrets.add(url.getPath());
            secrets.add(url.getRawQuery());
            secrets.add(url.getQuery());
            secrets.add(url.getRawUserInfo());
        }
        pagerDutyRoutingKey().ifPresent(secrets::add);
        authHeader().ifPresent(header -> {
            secrets.add(header);
            // "Bearer abc": the credential alone may show up too.
            int space = header.indexOf(' ');
            if (space > 0) {
                secrets.add(header.substring(space + 1).trim());
            }
        });
        return new Redactor(secrets);
    }

    private Optional<String> secret(String name) {
        Password password = getPassword(name);
        return Optional.ofNullable(password).map(Password::value).filter(s -> !s.isBlank());
    }

    /** The settings, URLs redacted to scheme and host and the other secrets hidden. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "AlertWebhookConfig{", "}");
        for (Map.Entry<String, ?> entry : new TreeMap<>(values()).entrySet()) {
            Object value = entry.getKey().equals(URLS) ? urls.stream().map(Redactor::url).toList() : entry.getValue();
            joiner.add(entry.getKey() + "=" + value); // a Password prints as [hidden]
        }
        return joiner.toString();
    }
}

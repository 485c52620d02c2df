/**
 * A Kafka Connect sink that POSTs Driftline alert changes to webhooks (generic JSON, Slack, PagerDuty Events v2):
 * {@link io.driftline.connectors.webhook.AlertWebhookSinkConnector}, its task and its configuration. The body
 * templates, the HTTP delivery with its retries and the redaction of secrets are package-private.
 */
package io.driftline.connectors.webhook;

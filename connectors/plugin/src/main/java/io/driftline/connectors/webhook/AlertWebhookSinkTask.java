package io.driftline.connectors.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alert changes from the alerts topic to the configured webhooks, one record at a time, in order.
 *
 * <p>A record's change is its (alertId, status, severity). The task remembers the last change it delivered for
 * each record key ({@code model|type|subject}) and POSTs only a different one: an alert opening, escalating or
 * resolving, not the same state rewritten with fresh numbers. Tombstones are skipped and forget their key. The
 * memory is per partition and lives in the task, so after a restart or a rebalance the latest state of a key may
 * be POSTed once more, with the same {@code Idempotency-Key} (and, for PagerDuty, the same dedup_key).
 *
 * <p>A record that cannot be delivered (a URL refused it, retries ran out) or is not an Alert goes to the worker's
 * errant record reporter, and so to the dead-letter topic with {@code errors.tolerance=all} and
 * {@code errors.deadletterqueue.topic.name}; the task goes on with the next. Without a reporter the task fails
 * rather than lose the alert silently.
 */
public final class AlertWebhookSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhookSinkTask.class);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<TopicPartition, Map<String, AlertChange>> lastSent = new HashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final WebhookMetrics metrics = new WebhookMetrics();
    private BodyTemplate template;
    private WebhookDelivery delivery;
    private ErrantRecordReporter reporter;

    @Override
    public String version() {
        return WebhookVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        AlertWebhookConfig config = new AlertWebhookConfig(props);
        template = BodyTemplate.of(config);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "driftline-alert-webhook/" + WebhookVersion.VERSION);
        config.authHeader().ifPresent(value -> headers.put("Authorization", value));
        RetryPolicy policy = new RetryPolicy(config.retryMax(), config.retryBackoff(), config.retryBackoffMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        delivery = new WebhookDelivery(WebhookDelivery.httpClient(config.timeout()), config.urls(), headers,
                config.timeout(), policy, config.redactor(),
                delay -> !stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS));
        reporter = errantRecordReporter();
        if (reporter == null) {
            log.warn("The worker gives this task no errant record reporter: an alert that cannot be delivered will "
                    + "stop the task. Set errors.tolerance=all and errors.deadletterqueue.topic.name to send such "
                    + "records to a dead-letter topic instead.");
        }
        metrics.register(context);
        log.info("Alert webhook task started: template {}, webhooks {}", config.template().configValue(),
                config.urls().stream().map(Redactor::url).toList());
    }

    /** The reporter, or null on a worker that has none (before Kafka 2.6, or a context that does not offer one). */
    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException oldWorker) {
            return null;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            handle(record);
        }
    }

    private void handle(SinkRecord record) {
        RecordPosition position = RecordPosition.of(record);
        Map<String, AlertChange> sent = lastSent.computeIfAbsent(position.topicPartition(), tp -> new HashMap<>());
        if (record.value() == null) {
            String key = keyOf(record, null);
            if (key != null) {
                sent.remove(key);
            }
            metrics.tombstones.incrementAndGet();
            log.debug("Tombstone at {} (key {}) skipped", position, key);
            return;
        }
        AlertRecord alert;
        try {
            alert = AlertRecord.of(record.value());
        } catch (AlertDeliveryException notAnAlert) {
            fail(record, position, notAnAlert);
            return;
        }
        String key = keyOf(record, alert);
        AlertChange change = alert.change();
        if (change.equals(sent.get(key))) {
            metrics.unchanged.incrementAndGet();
            log.debug("Record at {} (key {}) skipped: alert change {} already sent", position, key,
                    change.idempotencyKey());
            return;
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(template.render(alert, position, change.idempotencyKey()));
        } catch (JsonProcessingException e) {
            fail(record, position, new AlertDeliveryException("Alert change " + change.idempotencyKey()
                    + " could not be written as JSON: " + e.getOriginalMessage()));
            return;
        }
        try {
            delivery.deliver(body, change.idempotencyKey());
        } catch (AlertDeliveryException notDelivered) {
            fail(record, position, notDelivered);
            return;
        }
        sent.put(key, change);
        metrics.delivered.incrementAndGet();
        log.debug("Alert change {} at {} (key {}) delivered", change.idempotencyKey(), position, key);
    }

    /** The record's key as text; for a record without one, the key the alerts topic would have given it. */
    private static String keyOf(SinkRecord record, AlertRecord alert) {
        Object key = record.key();
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (key != null) {
            return key.toString();
        }
        return alert == null ? null : alert.topicKey();
    }

    private void fail(SinkRecord record, RecordPosition position, AlertDeliveryException why) {
        metrics.failed.incrementAndGet();
        if (reporter == null) {
            throw new ConnectException("Alert record at " + position + " not delivered and no errant record "
                    + "reporter to take it (set errors.tolerance=all and errors.deadletterqueue.topic.name): "
                    + why.getMessage(), why);
        }
        log.warn("Alert record at {} reported as errant: {}", position, why.getMessage());
        // Connect waits for the report to be written before it commits this record's offset.
        reporter.report(record, why);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Another task owns these now; what it sends is no longer ours to compare with.
        lastSent.keySet().removeAll(partitions);
    }

    @Override
    public void stop() {
        // Cuts a retry wait short; put() then gives up on its record with a RetriableException.
        stopping.countDown();
        log.info("Alert webhook task stopping; alert changes delivered: {}, records skipped as unchanged: {}, "
                        + "tombstones skipped: {}, records reported as errant: {}", metrics.delivered.get(),
                metrics.unchanged.get(), metrics.tombstones.get(), metrics.failed.get());
    }

    /** The counters, for tests. */
    WebhookMetrics metrics() {
        return metrics;
    }
}

package io.driftline.connectors.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector configurations Driftline registers on a Connect worker: the alert webhook, and Debezium's JDBC sink
 * once per table. Each is plain Connect configuration, the same a user would PUT to {@code /connectors/{name}/config}
 * (README, "Connectors"); secrets belong in {@code ${env:...}} or {@code ${file:...}} references.
 */
public final class Sinks {

    /** Connector class of the alert webhook, loaded from the driftline-connectors plugin folder. */
    public static final String WEBHOOK_CONNECTOR = "io.driftline.connectors.webhook.AlertWebhookSinkConnector";
    /** Debezium's JDBC sink, from the debezium-connector-jdbc plugin folder. */
    public static final String JDBC_CONNECTOR = "io.debezium.connector.jdbc.JdbcSinkConnector";
    /** The transformation that makes a flat row of each record (snake_case columns, nested fields as JSON). */
    public static final String FLATTEN = "io.driftline.connectors.transforms.FlattenToColumns";

    /** One JDBC table: the topic it reads (without prefix), the table, its primary key columns. */
    public record Table(String topic, String table, List<String> primaryKey) {
    }

    /** Driftline's tables (postgres-schema.sql): what each output topic becomes. */
    public static final List<Table> TABLES = List.of(
            new Table("drift-reports", "drift_reports", List.of("model", "model_version", "window_start", "shadow")),
            new Table("alerts", "alerts", List.of("alert_id")),
            new Table("retrain-requests", "retrain_requests", List.of("request_id")),
            new Table("model-audit", "model_audit", List.of("event_id")));

    private Sinks() {
    }

    /**
     * The alert webhook on {@code alertsTopic}: every change of an alert POSTed to each URL; a record that cannot
     * be delivered goes to the dead-letter topic {@code dlqTopic} with the reason in its headers.
     *
     * @param webhook the connector's own keys ({@code webhook.urls}, {@code webhook.template}, ...)
     */
    public static Map<String, String> webhook(String alertsTopic, String dlqTopic, short replication,
            Map<String, String> webhook) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", WEBHOOK_CONNECTOR);
        config.put("tasks.max", "1");
        config.put("topics", alertsTopic);
        deadLetters(config, dlqTopic, replication);
        config.putAll(webhook);
        return config;
    }

    /**
     * Debezium's JDBC sink from one Driftline topic into its table: upsert by the table's key (idempotent, so the
     * redelivery after a worker restart writes nothing twice), columns from FlattenToColumns.
     *
     * @param jdbcUrl a PostgreSQL JDBC URL; {@code stringtype=unspecified} is added so that JSON text lands in jsonb
     */
    public static Map<String, String> jdbc(Table table, String topic, String jdbcUrl, String user, String password,
            String dlqTopic, short replication) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", JDBC_CONNECTOR);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", withStringTypeUnspecified(jdbcUrl));
        if (user != null) {
            config.put("connection.username", user);
        }
        if (password != null) {
            config.put("connection.password", password);
        }
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_value");
        config.put("primary.key.fields", String.join(",", table.primaryKey()));
        config.put("collection.name.format", table.table());
        config.put("schema.evolution", "basic");
        config.put("use.time.zone", "UTC");
        config.put("transforms", "flatten");
        config.put("transforms.flatten.type", FLATTEN);
        deadLetters(config, dlqTopic, replication);
        return config;
    }

    private static void deadLetters(Map<String, String> config, String dlqTopic, short replication) {
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        config.put("errors.deadletterqueue.topic.name", dlqTopic);
        config.put("errors.deadletterqueue.topic.replication.factor", Short.toString(replication));
        config.put("errors.deadletterqueue.context.headers.enable", "true");
    }

    static String withStringTypeUnspecified(String jdbcUrl) {
        if (jdbcUrl.contains("stringtype=")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }
}

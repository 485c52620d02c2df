package io.driftline.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.ModelAuditEvent;
import io.driftline.RetrainRequest;
import io.driftline.app.AuditTrail;
import io.driftline.app.DemoDriftStory;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's drift story (the amount drifts for three windows: its alert opens, one retrain request, the alert
 * resolves) through the real service, then Debezium's JDBC sink on a real Connect worker into a real PostgreSQL: the
 * rows equal the records on the topics, one row per report, per feature and window, per alert (its last state) and
 * per request; a restarted worker writes nothing twice.
 */
class JdbcSinkIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static DemoDriftStory.Run story;
    private static String jdbcUrl;

    @BeforeAll
    static void tellTheStory() throws Exception {
        jdbcUrl = TestPostgres.freshDatabase();
        story = StoryOnce.story();
        PostgresTables.apply(jdbcUrl, null, null);
    }

    @Test
    void shouldWriteEveryReportFeatureAlertAndRequestOnceAndNothingTwiceAfterARestart() throws Exception {
        String group = "it-connect-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConnectWorker worker = ConnectWorker.start(StoryOnce.worker(group))) {
            register(worker, group);
            awaitRows();
        }
        Map<String, List<String>> before = snapshot();

        // A new worker of the same group: the sinks' committed offsets say where to go on; what the old one wrote
        // but had not committed comes again and is upserted onto the same rows.
        try (ConnectWorker worker = ConnectWorker.start(StoryOnce.worker(group))) {
            ConnectRest rest = new ConnectRest(worker.restUrl());
            for (Sinks.Table table : Sinks.TABLES) {
                rest.awaitRunning(group + "-" + table.table(), TIMEOUT);
            }
            Thread.sleep(3_000); // let the tasks poll what they would re-deliver
            awaitRows();
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    private static void register(ConnectWorker worker, String group) throws InterruptedException {
        ConnectRest rest = new ConnectRest(worker.restUrl());
        for (Sinks.Table table : Sinks.TABLES) {
            String name = group + "-" + table.table();
            rest.put(name, Sinks.jdbc(table, story.topic(table.topic()), jdbcUrl, TestPostgres.USER, null, name + "-dlq",
                    (short) 1), TIMEOUT);
            rest.awaitRunning(name, TIMEOUT);
        }
    }

    /** Waits until every table holds what the topics say, then checks it column by column. */
    private static void awaitRows() throws Exception {
        Map<String, Alert> alerts = last(story.alerts(), a -> a.getAlertId());
        Map<String, DriftReport> reports = last(story.reports(), r -> r.getModel() + "|" + r.getModelVersion() + "|"
                + r.getWindowStart().toEpochMilli() + "|" + r.getShadow());
        Map<String, RetrainRequest> requests = last(story.retrains(), RetrainRequest::getRequestId);
        int features = reports.values().stream().mapToInt(r -> r.getFeatures().size() + (r.getPrediction() == null
                ? 0 : 1)).sum();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String counts = count("alerts") + "/" + alerts.size() + " alerts, " + count("drift_reports") + "/"
                    + reports.size() + " reports, " + count("drift_report_features") + "/" + features + " features, "
                    + count("retrain_requests") + "/" + requests.size() + " requests";
            if (count("alerts") == alerts.size() && count("drift_reports") == reports.size()
                    && count("drift_report_features") == features && count("retrain_requests") == requests.size()
                    && alertsMatch(alerts)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rows not written in " + TIMEOUT + ": " + counts);
            }
            Thread.sleep(500);
        }
        checkReports(reports);
        checkRequests(requests);
        checkAudit();
    }

    /** The story's model audit trail (v1 deployed), entry for entry. */
    private static void checkAudit() throws Exception {
        List<ModelAuditEvent> trail = AuditTrail.read(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                story.topic("model-audit"), AvroSerdes.specific(ModelAuditEvent.class,
                        Map.of("schema.registry.url", StoryOnce.registryUrl()), false).deserializer(), null,
                TIMEOUT);
        assertThat(trail).as("the story's deploy").isNotEmpty();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (count("model_audit") < trail.size() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(count("model_audit")).isEqualTo(trail.size());
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement()) {
            for (ModelAuditEvent e : trail) {
                try (ResultSet rs = s.executeQuery("SELECT model, version, type, sha256, verdict,"
                        + " (extract(epoch from decided_at) * 1000)::bigint, reference_metrics ->> 'auc'"
                        + " FROM model_audit WHERE event_id = '" + e.getEventId() + "'")) {
                    assertThat(rs.next()).as("row for %s", e.getEventId()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(e.getModel());
                    assertThat(rs.getString(2)).isEqualTo(e.getVersion());
                    assertThat(rs.getString(3)).isEqualTo(e.getType().name());
                    assertThat(rs.getString(4)).isEqualTo(e.getSha256());
                    assertThat(rs.getString(5)).isEqualTo(e.getVerdict());
                    assertThat(rs.getLong(6)).isEqualTo(e.getDecidedAt().toEpochMilli());
                    if (e.getReferenceMetrics().containsKey("auc")) {
                        assertThat(rs.getDouble(7)).isEqualTo(e.getReferenceMetrics().get("auc"));
                    }
                }
            }
        }
    }

    private static boolean alertsMatch(Map<String, Alert> alerts) throws SQLException {
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT alert_id, status, severity, type, subject, model, message,"
                        + " (extract(epoch from window_start) * 1000)::bigint, top_features::text FROM alerts")) {
            int matched = 0;
            while (rs.next()) {
                Alert a = alerts.get(rs.getString(1));
                if (a == null || !a.getStatus().name().equals(rs.getString(2))
                        || !a.getSeverity().name().equals(rs.getString(3))) {
                    return false; // not there yet (an older state of the alert)
                }
                assertThat(rs.getString(4)).isEqualTo(a.getType().name());
                assertThat(rs.getString(5)).isEqualTo(a.getSubject());
                assertThat(rs.getString(6)).isEqualTo(a.getModel());
                assertThat(rs.getString(7)).isEqualTo(a.getMessage());
                assertThat(rs.getLong(8)).isEqualTo(a.getWindowStart().toEpochMilli());
                for (String feature : a.getTopFeatures()) {
                    assertThat(rs.getString(9)).contains("\"" + feature + "\"");
                }
                matched++;
            }
            return matched == alerts.size();
        }
    }

    private static void checkReports(Map<String, DriftReport> reports) throws SQLException {
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement()) {
            for (DriftReport r : reports.values()) {
                String where = " WHERE model = '" + r.getModel() + "' AND model_version = '" + r.getModelVersion()
                        + "' AND window_start = to_timestamp(" + r.getWindowStart().toEpochMilli() + " / 1000.0)";
                try (ResultSet rs = s.executeQuery("SELECT count, drifted, (extract(epoch from window_end) * 1000)"
                        + "::bigint, jsonb_array_length(features), labelled FROM drift_reports" + where)) {
                    assertThat(rs.next()).as("report row for %s", r.getWindowStart()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(r.getCount());
                    assertThat(rs.getBoolean(2)).isEqualTo(r.getDrifted());
                    assertThat(rs.getLong(3)).isEqualTo(r.getWindowEnd().toEpochMilli());
                    assertThat(rs.getInt(4)).isEqualTo(r.getFeatures().size());
                    assertThat(rs.getLong(5)).isEqualTo(r.getLabelled());
                }
                List<FeatureDrift> expected = new ArrayList<>(r.getFeatures());
                if (r.getPrediction() != null) {
                    expected.add(r.getPrediction());
                }
                for (FeatureDrift f : expected) {
                    try (ResultSet rs = s.executeQuery("SELECT count, drifted, jsonb_array_length(metrics), mean"
                            + " FROM drift_report_features" + where + " AND feature = '" + f.getFeature() + "'")) {
                        assertThat(rs.next()).as("feature row %s at %s", f.getFeature(), r.getWindowStart()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(f.getCount());
                        assertThat(rs.getBoolean(2)).isEqualTo(f.getDrifted());
                        assertThat(rs.getInt(3)).isEqualTo(f.getMetrics().size());
                        if (f.getMean() != null && Double.isFinite(f.getMean())) {
                            assertThat(rs.getDouble(4)).isEqualTo(f.getMean());
                        }
                    }
                }
            }
            // The question the README answers: which features drifted for the model, per window.
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT feature FROM drift_feature_metrics"
                    + " WHERE model = 'fraud' AND drifted")) {
                List<String> drifted = new ArrayList<>();
                while (rs.next()) {
                    drifted.add(rs.getString(1));
                }
                assertThat(drifted).contains("amount");
            }
        }
    }

    private static void checkRequests(Map<String, RetrainRequest> requests) throws SQLException {
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement()) {
            for (RetrainRequest r : requests.values()) {
                try (ResultSet rs = s.executeQuery("SELECT model, model_version, reasons ->> 0,"
                        + " (extract(epoch from data_window_start) * 1000)::bigint, drifted_features -> 0 ->> 'feature'"
                        + " FROM retrain_requests WHERE request_id = '" + r.getRequestId() + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(r.getModel());
                    assertThat(rs.getString(2)).isEqualTo(r.getModelVersion());
                    assertThat(rs.getString(3)).isEqualTo(r.getReasons().get(0));
                    assertThat(rs.getLong(4)).isEqualTo(r.getDataWindowStart().toEpochMilli());
                    assertThat(rs.getString(5)).isEqualTo(r.getDriftedFeatures().get(0).getFeature());
                }
            }
        }
    }

    /** Every row of every table, as text, sorted: what a restart must leave as it was. */
    private static Map<String, List<String>> snapshot() throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement()) {
            for (String table : List.of("alerts", "drift_reports", "drift_report_features", "retrain_requests",
                    "model_audit")) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                out.put(table, rows);
            }
        }
        return out;
    }

    private static long count(String table) throws SQLException {
        try (Connection c = TestPostgres.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <V> Map<String, V> last(List<V> records, Function<V, String> key) {
        Map<String, V> out = new LinkedHashMap<>();
        records.forEach(r -> out.put(key.apply(r), r));
        return out;
    }
}

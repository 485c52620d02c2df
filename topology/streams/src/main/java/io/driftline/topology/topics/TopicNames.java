package io.driftline.topology.topics;

import java.util.List;

/**
 * Names of Driftline's topics, each the configured name behind an optional common prefix.
 *
 * @param prefix common prefix, may be empty
 */
public record TopicNames(String prefix, String events, String entityProfiles, String modelUpdates,
                         String predictions, String labels, String driftReports, String alerts,
                         String retrainRequests, String eventsDlq, String modelAudit,
                         String modelBundles, String modelAuditVerdicts) {

    /** The default names with no prefix. */
    public static TopicNames defaults() {
        return withPrefix("");
    }

    /** The default names behind a prefix (tests use it to isolate runs on one broker). */
    public static TopicNames withPrefix(String prefix) {
        return new TopicNames(prefix, "events", "entity-profiles", "model-updates", "predictions", "labels",
                "drift-reports", "alerts", "retrain-requests", "events-dlq", "model-audit", "model-bundles",
                "model-audit-verdicts");
    }

    private String full(String name) {
        return prefix + name;
    }

    public String eventsTopic() {
        return full(events);
    }

    public String entityProfilesTopic() {
        return full(entityProfiles);
    }

    public String modelUpdatesTopic() {
        return full(modelUpdates);
    }

    public String predictionsTopic() {
        return full(predictions);
    }

    public String labelsTopic() {
        return full(labels);
    }

    public String driftReportsTopic() {
        return full(driftReports);
    }

    public String alertsTopic() {
        return full(alerts);
    }

    public String retrainRequestsTopic() {
        return full(retrainRequests);
    }

    public String eventsDlqTopic() {
        return full(eventsDlq);
    }

    public String modelAuditTopic() {
        return full(modelAudit);
    }

    public String modelBundlesTopic() {
        return full(modelBundles);
    }

    public String modelAuditVerdictsTopic() {
        return full(modelAuditVerdicts);
    }

    /** Topics that are a record to keep, append-only: never compacted, never deleted by age. */
    public List<String> keptForever() {
        return List.of(modelAuditTopic());
    }

    /** Topics whose records are state, not events: kept by key with log compaction. */
    public List<String> compacted() {
        return List.of(modelUpdatesTopic(), alertsTopic(), entityProfilesTopic(), modelBundlesTopic(),
                modelAuditVerdictsTopic());
    }

    /** Every topic the service reads or writes. */
    public List<String> all() {
        return List.of(eventsTopic(), entityProfilesTopic(), modelUpdatesTopic(), predictionsTopic(), labelsTopic(),
                driftReportsTopic(), alertsTopic(), retrainRequestsTopic(), eventsDlqTopic(), modelAuditTopic(),
                modelBundlesTopic(), modelAuditVerdictsTopic());
    }
}

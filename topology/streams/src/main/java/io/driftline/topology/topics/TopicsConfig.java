package io.driftline.topology.topics;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The topic names' configuration keys ({@code topic.*}), read into {@link TopicNames}. */
public final class TopicsConfig {

    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_EVENTS = "topic.events";
    public static final String TOPIC_ENTITY_PROFILES = "topic.entity.profiles";
    public static final String TOPIC_MODEL_UPDATES = "topic.model.updates";
    public static final String TOPIC_PREDICTIONS = "topic.predictions";
    public static final String TOPIC_LABELS = "topic.labels";
    public static final String TOPIC_DRIFT_REPORTS = "topic.drift.reports";
    public static final String TOPIC_ALERTS = "topic.alerts";
    public static final String TOPIC_RETRAIN_REQUESTS = "topic.retrain.requests";
    public static final String TOPIC_EVENTS_DLQ = "topic.events.dlq";
    public static final String TOPIC_MODEL_AUDIT = "topic.model.audit";
    public static final String TOPIC_MODEL_BUNDLES = "topic.model.bundles";
    public static final String TOPIC_MODEL_AUDIT_VERDICTS = "topic.model.audit.verdicts";

    private TopicsConfig() {
    }

    /** A fresh definition of the topic name keys; the defaults are {@link TopicNames#defaults()}'. */
    public static ConfigDef configDef() {
        TopicNames d = TopicNames.defaults();
        return new ConfigDef()
            .define(TOPIC_PREFIX, Type.STRING, d.prefix(), Importance.MEDIUM, "Common prefix of every topic name.")
            .define(TOPIC_EVENTS, Type.STRING, d.events(), Importance.MEDIUM, "Input events topic.")
            .define(TOPIC_ENTITY_PROFILES, Type.STRING, d.entityProfiles(), Importance.LOW, "Compacted reference data topic.")
            .define(TOPIC_MODEL_UPDATES, Type.STRING, d.modelUpdates(), Importance.MEDIUM, "Compacted model bundle topic.")
            .define(TOPIC_PREDICTIONS, Type.STRING, d.predictions(), Importance.MEDIUM, "Predictions output topic.")
            .define(TOPIC_LABELS, Type.STRING, d.labels(), Importance.LOW, "Delayed ground-truth labels topic.")
            .define(TOPIC_DRIFT_REPORTS, Type.STRING, d.driftReports(), Importance.LOW, "Drift reports output topic.")
            .define(TOPIC_ALERTS, Type.STRING, d.alerts(), Importance.LOW, "Compacted alerts output topic.")
            .define(TOPIC_RETRAIN_REQUESTS, Type.STRING, d.retrainRequests(), Importance.LOW, "Retrain requests topic.")
            .define(TOPIC_EVENTS_DLQ, Type.STRING, d.eventsDlq(), Importance.MEDIUM, "Dead-letter topic for bad input.")
            .define(TOPIC_MODEL_AUDIT, Type.STRING, d.modelAudit(), Importance.LOW,
                    "Append-only model lifecycle trail (every deploy, rejection, retirement, with who and why).")
            .define(TOPIC_MODEL_BUNDLES, Type.STRING, d.modelBundles(), Importance.LOW,
                    "Compacted archive of every verified bundle by model/version, as published: what model promote "
                            + "and model rollback republish.")
            .define(TOPIC_MODEL_AUDIT_VERDICTS, Type.STRING, d.modelAuditVerdicts(), Importance.LOW,
                    "Compacted: each instance's own verdict on each model-updates record (key: entry id and "
                            + "instance), beside the audit trail's entry.");
    }

    /** The topic names a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static TopicNames from(AbstractConfig config) {
        return new TopicNames(config.getString(TOPIC_PREFIX), config.getString(TOPIC_EVENTS),
                config.getString(TOPIC_ENTITY_PROFILES), config.getString(TOPIC_MODEL_UPDATES),
                config.getString(TOPIC_PREDICTIONS), config.getString(TOPIC_LABELS),
                config.getString(TOPIC_DRIFT_REPORTS), config.getString(TOPIC_ALERTS),
                config.getString(TOPIC_RETRAIN_REQUESTS), config.getString(TOPIC_EVENTS_DLQ),
                config.getString(TOPIC_MODEL_AUDIT), config.getString(TOPIC_MODEL_BUNDLES),
                config.getString(TOPIC_MODEL_AUDIT_VERDICTS));
    }
}

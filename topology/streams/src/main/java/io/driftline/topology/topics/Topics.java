package io.driftline.topology.topics;

import io.driftline.Alert;
import io.driftline.DriftReport;
import io.driftline.Label;
import io.driftline.ModelAuditEvent;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.RetrainRequest;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue: every topic of the contract with its serdes, immutable and built from configuration.
 * Values of Driftline's own topics are Avro in the Confluent wire format; keys are strings.
 */
public record Topics(TopicNames names,
                     Topic<String, byte[]> events,
                     Topic<String, byte[]> entityProfiles,
                     Topic<String, ModelUpdate> modelUpdates,
                     Topic<String, Prediction> predictions,
                     Topic<String, Label> labels,
                     Topic<String, DriftReport> driftReports,
                     Topic<String, Alert> alerts,
                     Topic<String, RetrainRequest> retrainRequests,
                     Topic<byte[], byte[]> eventsDlq,
                     Topic<String, ModelAuditEvent> modelAudit,
                     Topic<String, byte[]> modelBundles,
                     Topic<String, ModelAuditEvent> modelAuditVerdicts) {

    /**
     * Builds the catalogue.
     *
     * @param registry    the shared, caching registry client
     * @param serdeConfig serde settings (auto.register.schemas, subject name strategies, ...)
     */
    public static Topics create(TopicNames names, SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        return new Topics(names,
                new Topic<>(names.eventsTopic(), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(names.entityProfilesTopic(), Serdes.String(), Serdes.ByteArray()),
                own(names.modelUpdatesTopic(), ModelUpdate.class, registry, serdeConfig),
                own(names.predictionsTopic(), Prediction.class, registry, serdeConfig),
                own(names.labelsTopic(), Label.class, registry, serdeConfig),
                own(names.driftReportsTopic(), DriftReport.class, registry, serdeConfig),
                own(names.alertsTopic(), Alert.class, registry, serdeConfig),
                own(names.retrainRequestsTopic(), RetrainRequest.class, registry, serdeConfig),
                new Topic<>(names.eventsDlqTopic(), Serdes.ByteArray(), Serdes.ByteArray()),
                own(names.modelAuditTopic(), ModelAuditEvent.class, registry, serdeConfig),
                new Topic<>(names.modelBundlesTopic(), Serdes.String(), Serdes.ByteArray()),
                own(names.modelAuditVerdictsTopic(), ModelAuditEvent.class, registry, serdeConfig));
    }

    private static <V extends SpecificRecord> Topic<String, V> own(String name, Class<V> type,
                                                                 SchemaRegistryClient registry, Map<String, ?> config) {
        Serde<V> serde = AvroSerdes.specific(type, registry, config, false);
        return new Topic<>(name, Serdes.String(), serde);
    }
}

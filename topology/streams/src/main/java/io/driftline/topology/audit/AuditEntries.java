package io.driftline.topology.audit;

import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import io.driftline.topology.score.BundleFacts;
import io.driftline.topology.score.ModelEvent;
import java.time.Instant;
import java.util.Map;

/** Audit entries from the registry's verdicts: what each kind of verdict says on the trail. */
final class AuditEntries {

    private AuditEntries() {
    }

    /** The entry for a judged record. */
    static ModelAuditEvent of(String eventId, ModelEvent event, BundleFacts facts, String instance) {
        ModelAuditType type = switch (event.kind()) {
            case DEPLOYED -> event.shadow() ? ModelAuditType.SHADOW_DEPLOYED : ModelAuditType.DEPLOYED;
            case REJECTED -> ModelAuditType.REJECTED;
            case RETIRED -> ModelAuditType.RETIRED;
            case UNCHANGED -> ModelAuditType.UNCHANGED;
        };
        String verdict = switch (type) {
            case DEPLOYED -> "serving";
            case SHADOW_DEPLOYED -> "serving as shadow";
            case REJECTED -> "rejected: " + event.reason();
            case RETIRED -> "retired";
            default -> "unchanged";
        };
        return ModelAuditEvent.newBuilder()
                .setEventId(eventId)
                .setModel(event.model())
                .setVersion(event.version())
                .setType(type)
                .setRequestedAction(facts.requestedAction())
                .setActor(facts.publishedBy())
                .setPublishedAt(facts.publishedAt())
                .setDecidedAt(event.at())
                .setPreviousVersion(event.previousVersion())
                .setSha256(facts.sha256())
                .setSigningKeyId(facts.signingKeyId())
                .setDescription(facts.description())
                .setTrainingRows(facts.trainingRows())
                .setReferenceMetrics(Map.copyOf(facts.referenceMetrics()))
                .setVerdict(verdict)
                .setReason(event.reason())
                .setMessage(event.message() == null ? verdict : event.message())
                .setInstance(instance)
                .setDurationMs(event.durationMs())
                .build();
    }

    /** The entry for a record the registry went past without a verdict (it could not be read at all, say). */
    static ModelAuditEvent skipped(String eventId, String instance, long now) {
        return ModelAuditEvent.newBuilder()
                .setEventId(eventId)
                .setModel("(unknown)")
                .setType(ModelAuditType.OTHER)
                .setDecidedAt(Instant.ofEpochMilli(now))
                .setVerdict("no verdict")
                .setMessage("This instance's registry passed the record without a verdict; nothing changed")
                .setInstance(instance)
                .build();
    }
}

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
        return of(eventId, event, facts, null, null, null, instance);
    }

    /**
     * The entry for a judged record that may carry a lifecycle request ({@code lifecycle} PROMOTE or ROLLBACK, by
     * {@code requestedBy}): a champion deploy it caused is PROMOTED or ROLLED_BACK, with the request's actor and
     * the evidence of the switch.
     */
    static ModelAuditEvent of(String eventId, ModelEvent event, BundleFacts facts, String lifecycle,
                              String requestedBy, String extraEvidence, String instance) {
        boolean champion = event.kind() == ModelEvent.Kind.DEPLOYED && !event.shadow();
        ModelAuditType type = switch (event.kind()) {
            case DEPLOYED -> event.shadow() ? ModelAuditType.SHADOW_DEPLOYED
                    : "PROMOTE".equals(lifecycle) ? ModelAuditType.PROMOTED
                    : "ROLLBACK".equals(lifecycle) ? ModelAuditType.ROLLED_BACK : ModelAuditType.DEPLOYED;
            case REJECTED -> ModelAuditType.REJECTED;
            case RETIRED -> ModelAuditType.RETIRED;
            case UNCHANGED -> ModelAuditType.UNCHANGED;
        };
        String verdict = switch (type) {
            case DEPLOYED, PROMOTED, ROLLED_BACK -> "serving";
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
                .setRequestedAction(lifecycle != null ? lifecycle : facts.requestedAction())
                .setActor(lifecycle != null && requestedBy != null ? requestedBy : facts.publishedBy())
                .setPublishedAt(facts.publishedAt())
                .setDecidedAt(event.at())
                .setPreviousVersion(event.previousVersion())
                .setSha256(facts.sha256())
                .setSigningKeyId(facts.signingKeyId())
                .setDescription(facts.description())
                .setTrainingRows(facts.trainingRows())
                .setTrainingDataStart(facts.trainingDataStart())
                .setTrainingDataEnd(facts.trainingDataEnd())
                .setReferenceMetrics(Map.copyOf(facts.referenceMetrics()))
                .setVerdict(verdict)
                .setReason(event.reason())
                .setMessage(event.message() == null ? verdict : event.message())
                .setInstance(instance)
                .setDurationMs(event.durationMs())
                .setEvidence(lifecycle == null ? Map.of() : evidence(event, facts, lifecycle, champion, extraEvidence))
                .build();
    }

    /** What a promotion or rollback rests on: the switch itself and who published the bundle first. */
    private static Map<String, String> evidence(ModelEvent event, BundleFacts facts, String lifecycle,
                                                boolean champion, String extra) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (extra != null) {
            // An automatic promotion's figures (PromotionStage): k=v pairs separated by ';'.
            for (String pair : extra.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        out.put("request", lifecycle);
        out.put("from", event.previousVersion() == null ? "none" : event.previousVersion());
        out.put("to", String.valueOf(event.version()));
        out.put("switched", Boolean.toString(champion));
        if (facts.publishedBy() != null) {
            out.put("bundlePublishedBy", facts.publishedBy());
        }
        return out;
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

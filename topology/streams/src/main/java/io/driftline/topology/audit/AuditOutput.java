package io.driftline.topology.audit;

import io.driftline.ModelAuditEvent;

/** What the audit task emits: an entry for the trail, or a verified bundle for the archive. */
sealed interface AuditOutput {

    /** One entry of the model-audit topic. */
    record Entry(ModelAuditEvent event) implements AuditOutput {
    }

    /** A verified bundle's record value, byte for byte, for the model-bundles archive (key model/version). */
    record Archived(byte[] value) implements AuditOutput {
    }
}

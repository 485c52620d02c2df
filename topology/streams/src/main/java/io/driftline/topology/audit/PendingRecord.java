package io.driftline.topology.audit;

import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;

/**
 * What the audit task keeps of a model-updates record until the registry has judged it: its time, the lifecycle
 * headers a promote or rollback carries, and its value as written (archived byte for byte once verified, so that a
 * signed bundle stays verifiable when it is published again).
 *
 * @param lifecycle the {@value AuditStage#LIFECYCLE_HEADER} header (PROMOTE, ROLLBACK), or null
 * @param actor     the {@value AuditStage#ACTOR_HEADER} header: who asked for the promote or rollback, or null
 * @param evidence  the {@code driftline.evidence} header of an automatic promotion ({@code k=v;k=v}), or null
 * @param value     the record's value, null for a tombstone
 */
record PendingRecord(long timestamp, String lifecycle, String actor, String evidence, byte[] value) {

    /** The layout of {@value AuditStage#PENDING_STORE}'s values: version 1, the fields in order. */
    static final StateLayout<PendingRecord> LAYOUT = StateLayout.<PendingRecord>of(AuditStage.PENDING_STORE)
            .current(1, (r, out) -> {
                out.writeLong(r.timestamp);
                StateLayout.writeString(out, r.lifecycle);
                StateLayout.writeString(out, r.actor);
                StateLayout.writeString(out, r.evidence);
                StateLayout.writeBytes(out, r.value);
            }, body -> {
                DataInputStream in = StateLayout.data(body);
                return new PendingRecord(in.readLong(), StateLayout.readString(in), StateLayout.readString(in),
                        StateLayout.readString(in), StateLayout.readBytes(in));
            })
            .build();
}

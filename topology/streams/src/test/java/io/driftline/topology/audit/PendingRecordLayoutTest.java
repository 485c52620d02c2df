package io.driftline.topology.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.state.StateLayoutException;
import org.junit.jupiter.api.Test;

/** The audit task's pending records: version 1 round trips, nulls included; an unknown version is refused. */
class PendingRecordLayoutTest {

    @Test
    void shouldRoundTripEveryFieldAndNulls() {
        PendingRecord full = new PendingRecord(42L, "PROMOTE", "alice@ops", "windows=3", new byte[] {0, 0, 0, 0, 7, 1, 2});
        PendingRecord bare = new PendingRecord(-1L, null, null, null, null);

        PendingRecord fullBack = PendingRecord.LAYOUT.deserializer().deserialize("t",
                PendingRecord.LAYOUT.serializer().serialize("t", full));
        PendingRecord bareBack = PendingRecord.LAYOUT.deserializer().deserialize("t",
                PendingRecord.LAYOUT.serializer().serialize("t", bare));

        assertThat(fullBack.timestamp()).isEqualTo(42L);
        assertThat(fullBack.lifecycle()).isEqualTo("PROMOTE");
        assertThat(fullBack.actor()).isEqualTo("alice@ops");
        assertThat(fullBack.evidence()).isEqualTo("windows=3");
        assertThat(fullBack.value()).containsExactly(0, 0, 0, 0, 7, 1, 2);
        assertThat(bareBack).isEqualTo(bare);
    }

    @Test
    void shouldRefuseALayoutVersionItDoesNotKnow() {
        byte[] bytes = PendingRecord.LAYOUT.serializer().serialize("t", new PendingRecord(1L, null, null, null, null));
        bytes[0] = 9;
        assertThatThrownBy(() -> PendingRecord.LAYOUT.deserializer().deserialize("t", bytes))
                .isInstanceOf(StateLayoutException.class).hasMessageContaining(AuditStage.PENDING_STORE);
    }
}

package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.state.StateLayoutException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AlertStateLayoutTest {

    private static final AlertState STATE = new AlertState(3, 1, 1_700_000_000_000L, 1_700_000_060_000L, true);

    /** {@code AlertState.encode()} as main wrote it before the versioned scheme: 25 bare bytes. */
    private static byte[] mainEncode(AlertState s) {
        return ByteBuffer.allocate(25).putInt(s.drifted()).putInt(s.clean()).putLong(s.openedWindowStart())
                .putLong(s.openedAt()).put((byte) (s.critical() ? 1 : 0)).array();
    }

    @Test
    void shouldRoundTripTheCurrentLayout() {
        byte[] bytes = AlertState.LAYOUT.encode(STATE);
        assertThat(bytes).hasSize(26);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(AlertState.LAYOUT.decode(bytes)).isEqualTo(STATE);
    }

    @Test
    void shouldReadTheUnversionedLayoutMainWrote() {
        assertThat(AlertState.LAYOUT.decode(mainEncode(STATE))).isEqualTo(STATE);
        // A fixture of main's bytes: drifted 3, clean 1, window start and opened at as above, critical.
        byte[] fixture = HexFormat.of().parseHex("00000003000000010000018bcfe568000000018bcfe6526001");
        assertThat(AlertState.LAYOUT.decode(fixture)).isEqualTo(STATE);
    }

    @Test
    void shouldReadThe24ByteLayoutFromBeforeSeveritiesAsNotCritical() {
        byte[] old = ByteBuffer.allocate(24).putInt(2).putInt(0).putLong(10).putLong(20).array();
        assertThat(AlertState.LAYOUT.decode(old)).isEqualTo(new AlertState(2, 0, 10, 20, false));
    }

    @Test
    void shouldFailOnAnUnknownVersion() {
        byte[] future = AlertState.LAYOUT.encode(STATE);
        future[0] = 7;
        assertThatThrownBy(() -> AlertState.LAYOUT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(AlertStage.STORE).hasMessageContaining("version 7")
                .hasMessageContaining("[1]");
    }
}

package io.driftline.topology.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.state.StateLayoutException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RetrainStateLayoutTest {

    private static final RetrainStage.State STATE = new RetrainStage.State(4, 1_700_000_000_000L, Long.MIN_VALUE);

    @Test
    void shouldRoundTripTheCurrentLayout() {
        byte[] bytes = RetrainStage.State.LAYOUT.encode(STATE);
        assertThat(bytes).hasSize(21);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(RetrainStage.State.LAYOUT.decode(bytes)).isEqualTo(STATE);
    }

    @Test
    void shouldReadTheUnversionedLayoutMainWrote() {
        // State.encode() of main, 20 bare bytes: drifted 4, episode start, no request yet (Long.MIN_VALUE).
        byte[] fixture = HexFormat.of().parseHex("000000040000018bcfe568008000000000000000");
        assertThat(RetrainStage.State.LAYOUT.decode(fixture)).isEqualTo(STATE);
    }

    @Test
    void shouldFailOnAnUnknownVersion() {
        assertThatThrownBy(() -> RetrainStage.State.LAYOUT.decode(new byte[] {2, 0, 0}))
                .isInstanceOf(StateLayoutException.class).hasMessageContaining(RetrainStage.STORE)
                .hasMessageContaining("version 2").hasMessageContaining("[1]");
    }
}

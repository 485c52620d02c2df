package io.driftline.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TimeLayoutTest {

    private final StateLayout<Long> layout = TimeLayout.of("enrich-window-clock");

    @Test
    void shouldRoundTripTheCurrentLayout() {
        byte[] bytes = layout.encode(1_700_000_000_000L);
        assertThat(bytes).hasSize(9);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(layout.decode(bytes)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldReadTheBareLongsMainWrote() {
        byte[] main = Serdes.Long().serializer().serialize("t", Long.MIN_VALUE);
        assertThat(layout.decode(main)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldFailOnAnUnknownVersion() {
        byte[] future = layout.encode(5L);
        future[0] = 2;
        assertThatThrownBy(() -> layout.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining("enrich-window-clock").hasMessageContaining("version 2");
    }
}

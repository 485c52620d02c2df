package io.driftline.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StateLayoutTest {

    private static final StateLayout<Long> LAYOUT = StateLayout.<Long>of("test-store")
            .current(3, (value, out) -> out.writeLong(value), ByteBuffer::getLong)
            .reads(2, in -> (long) in.getInt())
            .unversioned(bytes -> bytes.length == 8, ByteBuffer::getLong)
            .build();

    @Test
    void shouldWriteTheCurrentVersionByteFirst() {
        byte[] bytes = LAYOUT.encode(42L);
        assertThat(bytes).hasSize(9);
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(LAYOUT.decode(bytes)).isEqualTo(42L);
    }

    @Test
    void shouldReadEveryDeclaredVersion() {
        assertThat(LAYOUT.decode(new byte[] {2, 0, 0, 0, 7})).isEqualTo(7L);
        assertThat(LAYOUT.decode(ByteBuffer.allocate(8).putLong(-5).array())).isEqualTo(-5L);
        assertThat(LAYOUT.readableVersions()).containsExactly(2, 3);
    }

    @Test
    void shouldFailOnAnUnknownVersionNamingTheStoreAndTheKnownVersions() {
        assertThatThrownBy(() -> LAYOUT.decode(new byte[] {9, 1, 2}))
                .isInstanceOf(StateLayoutException.class)
                .hasMessageContaining("test-store")
                .hasMessageContaining("unknown layout version 9")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void shouldFailOnATruncatedValueRatherThanMisreadIt() {
        assertThatThrownBy(() -> LAYOUT.decode(new byte[] {3, 1, 2}))
                .isInstanceOf(StateLayoutException.class)
                .hasMessageContaining("test-store")
                .hasMessageContaining("layout version 3");
    }

    @Test
    void shouldPassNullsThrough() {
        assertThat(LAYOUT.encode(null)).isNull();
        assertThat(LAYOUT.decode(null)).isNull();
        assertThat(LAYOUT.deserializer().deserialize("t", LAYOUT.serializer().serialize("t", 1L))).isEqualTo(1L);
    }

    @Test
    void shouldRefuseVersionsOutsideAByte() {
        assertThatThrownBy(() -> StateLayout.<Long>of("s").reads(256, ByteBuffer::getLong))
                .hasMessageContaining("must be >= 1 and <= 255: 256");
        assertThatThrownBy(() -> StateLayout.<Long>of("s").reads(1, ByteBuffer::getLong).build())
                .hasMessageContaining("no current layout version");
    }
}

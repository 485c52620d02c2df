package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.state.StateLayoutException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RejectedBundleLayoutTest {

    private static final RejectedBundle OPEN = new RejectedBundle("fraud", "7", "SHA_MISMATCH",
            "Bundle fraud v7 rejected (SHA_MISMATCH): checksum differs; v6 keeps serving \u00e9", 1_700_000_000_000L);

    @Test
    void shouldRoundTripTheCurrentLayoutWithNullFields() {
        assertThat(RejectedBundle.LAYOUT.decode(RejectedBundle.LAYOUT.encode(OPEN))).isEqualTo(OPEN);
        RejectedBundle undecodable = new RejectedBundle("fraud", null, null, "not a bundle", 5L);
        assertThat(RejectedBundle.LAYOUT.decode(RejectedBundle.LAYOUT.encode(undecodable))).isEqualTo(undecodable);
    }

    /** The bytes the first writer of this store wrote (its own version byte 1, then the fields): still version 1. */
    @Test
    void shouldReadTheBytesItsFirstCodecWrote() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        for (String s : new String[] {OPEN.model(), OPEN.version(), OPEN.reason(), OPEN.message()}) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        out.writeLong(OPEN.createdAt());
        assertThat(RejectedBundle.LAYOUT.decode(bytes.toByteArray())).isEqualTo(OPEN);
        assertThat(RejectedBundle.LAYOUT.encode(OPEN)).isEqualTo(bytes.toByteArray());
    }

    @Test
    void shouldFailOnAnUnknownVersionNamingTheStore() {
        byte[] future = RejectedBundle.LAYOUT.encode(OPEN);
        future[0] = 9;
        assertThatThrownBy(() -> RejectedBundle.LAYOUT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(ModelRejectionStage.STORE).hasMessageContaining("version 9");
    }
}

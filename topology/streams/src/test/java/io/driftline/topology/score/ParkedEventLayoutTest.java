package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.StateLayoutException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ParkedEventLayoutTest {

    private static final InputEvent EVENT = new InputEvent("card-1", null, new byte[] {0, 1, 2, 3}, 1_000L,
            "events", 2, 77L, new Enrichment(null, new byte[] {9, 8}, Map.of("count_1h", 3.0)));
    private static final ParkedEvent PARKED = new ParkedEvent(EVENT, new RecordHeaders()
            .add("tenant", "acme".getBytes(StandardCharsets.UTF_8)).add("empty", null));

    /** The frame as main's {@code ParkedEvent.encode} wrote it (its own version byte 2), or version 1's. */
    private static byte[] mainEncode(InputEvent event, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(version);
        out.writeBoolean(true);
        out.writeUTF(event.key());
        out.writeLong(event.timestamp());
        out.writeUTF(event.topic());
        out.writeInt(event.partition());
        out.writeLong(event.offset());
        out.writeInt(event.raw().length);
        out.write(event.raw());
        if (version >= 2) {
            out.writeInt(2);
            out.write(event.enrichment().profileRaw());
            out.writeInt(1);
            out.writeUTF("count_1h");
            out.writeDouble(3.0);
        }
        if (version == 3) {
            out.writeInt(2);
            out.writeUTF("tenant");
            out.writeInt(4);
            out.write("acme".getBytes(StandardCharsets.UTF_8));
            out.writeUTF("empty");
            out.writeInt(-1);
        }
        return bytes.toByteArray();
    }

    private static void assertSameEvent(InputEvent actual, InputEvent expected) {
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.raw()).isEqualTo(expected.raw());
        assertThat(actual.positionId()).isEqualTo(expected.positionId());
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.enrichment().profileRaw()).isEqualTo(expected.enrichment().profileRaw());
        assertThat(actual.enrichment().aggregates()).isEqualTo(expected.enrichment().aggregates());
    }

    @Test
    void shouldRoundTripTheCurrentLayoutWithItsHeaders() throws IOException {
        ParkedEvent read = ParkedEvent.LAYOUT.decode(ParkedEvent.LAYOUT.encode(PARKED));

        assertSameEvent(read.event(), EVENT);
        assertThat(read.headers().lastHeader("tenant").value()).isEqualTo("acme".getBytes(StandardCharsets.UTF_8));
        assertThat(read.headers().lastHeader("empty").value()).isNull();
        assertThat(ParkedEvent.LAYOUT.encode(PARKED)).isEqualTo(mainEncode(EVENT, 3));
    }

    @Test
    void shouldReadTheLayoutMainWroteAsVersion2WithNoHeaders() throws IOException {
        ParkedEvent read = ParkedEvent.LAYOUT.decode(mainEncode(EVENT, 2));

        assertSameEvent(read.event(), EVENT);
        assertThat(read.headers().toArray()).isEmpty();
    }

    @Test
    void shouldReadVersion1WithoutEnrichment() throws IOException {
        InputEvent old = ParkedEvent.LAYOUT.decode(mainEncode(EVENT, 1)).event();
        assertThat(old.raw()).isEqualTo(EVENT.raw());
        assertThat(old.enrichment().profileRaw()).isNull();
        assertThat(old.enrichment().aggregates()).isEmpty();
    }

    @Test
    void shouldFailOnAnUnknownVersion() throws IOException {
        byte[] future = mainEncode(EVENT, 3);
        future[0] = 4;
        assertThatThrownBy(() -> ParkedEvent.LAYOUT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(ScoreProcessor.PARKED_STORE).hasMessageContaining("version 4")
                .hasMessageContaining("[1, 2, 3]");
    }
}

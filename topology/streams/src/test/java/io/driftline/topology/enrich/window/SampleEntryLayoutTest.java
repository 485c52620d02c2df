package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.topology.state.StateLayoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of {@value WindowAggregateStage#STORE}'s values: round trip, main's bytes, unknown versions. */
class SampleEntryLayoutTest {

    private final FieldLayout layout = FieldLayout.of(AggregateSpec.parseList("n=count(a)@1m, s=sum(b)@1m"));
    private final SampleCodec codec = new SampleCodec(layout);

    private Sample sample(double b) {
        Sample s = new Sample(layout.size());
        s.present[0] = true;
        s.present[1] = true;
        s.number[1] = b;
        return s;
    }

    /** An entry as main's {@code SampleCodec.append} wrote it: version 1, fingerprint, then each event. */
    private byte[] mainEntry(double... bs) {
        ByteBuffer out = ByteBuffer.allocate(5 + bs.length * 10).put((byte) 1).putInt(layout.fingerprint());
        for (double b : bs) {
            out.put((byte) 1).put((byte) 1).putDouble(b); // a present (no value kept), b present with its number
        }
        return out.array();
    }

    private List<Double> sums(SampleEntry entry) {
        List<Double> out = new ArrayList<>();
        Sample scratch = new Sample(layout.size());
        codec.forEach(entry, scratch, () -> out.add(scratch.number[1]));
        return out;
    }

    @Test
    void shouldRoundTripTheCurrentLayout() {
        SampleEntry entry = codec.append(codec.append(null, sample(1.5)), sample(-2));
        SampleEntry copy = SampleEntry.LAYOUT.decode(SampleEntry.LAYOUT.encode(entry));
        assertThat(copy.fingerprint).isEqualTo(layout.fingerprint());
        assertThat(copy.events()).isEqualTo(entry.events());
        assertThat(sums(copy)).containsExactly(1.5, -2.0);
    }

    @Test
    void shouldReadTheEntriesMainWroteAsVersion1() {
        byte[] main = mainEntry(1.5, -2);
        assertThat(sums(SampleEntry.LAYOUT.decode(main))).containsExactly(1.5, -2.0);
        SampleEntry appended = codec.append(SampleEntry.LAYOUT.decode(mainEntry(1.5)), sample(-2));
        assertThat(SampleEntry.LAYOUT.encode(appended)).isEqualTo(main);
    }

    @Test
    void shouldFailOnAnUnknownVersion() {
        byte[] future = mainEntry(1);
        future[0] = 2;
        assertThatThrownBy(() -> SampleEntry.LAYOUT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(WindowAggregateStage.STORE).hasMessageContaining("version 2")
                .hasMessageContaining("[1]");
    }
}

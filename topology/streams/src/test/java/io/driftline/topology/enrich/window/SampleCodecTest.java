package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored encoding: round trip, several events in one entry, and entries of another layout skipped. */
class SampleCodecTest {

    private final FieldLayout layout = FieldLayout.of(AggregateSpec.parseList(
            "n=count(a)@1m, s=sum(b)@1m, d=distinct(b)@1m, m=distinct(c)@1m"));
    private final SampleCodec codec = new SampleCodec(layout);

    @Test
    void shouldKeepANumberAndATextPerFieldAsTheAggregatesNeed() {
        assertThat(layout.size()).isEqualTo(3);
        assertThat(layout.field(0)).isEqualTo(new FieldLayout.Field("a", false, false, null));
        assertThat(layout.field(1)).isEqualTo(new FieldLayout.Field("b", true, true, "s"));
        assertThat(layout.field(2)).isEqualTo(new FieldLayout.Field("c", false, true, null));
    }

    @Test
    void shouldRoundTripEventsAppendedToOneEntry() {
        SampleEntry entry = codec.append(null, sample(true, 2.5, "2.5", "café ☕"));
        entry = codec.append(entry, sample(false, -0.0, "-0.0", null));

        assertThat(decode(entry)).containsExactly("a b=2.5/2.5 c=café ☕", "b=-0.0/-0.0");
    }

    @Test
    void shouldEncodeAPresenceOnlyFieldInOneByte() {
        Sample onlyA = new Sample(3);
        onlyA.present[0] = true;
        assertThat(SampleEntry.LAYOUT.encode(codec.append(null, onlyA))).hasSize(5 + 3);
    }

    @Test
    void shouldSkipAndReplaceAnEntryWrittenUnderAnotherLayout() {
        FieldLayout other = FieldLayout.of(AggregateSpec.parseList("s=sum(b)@1m"));
        Sample sample = new Sample(1);
        sample.present[0] = true;
        sample.number[0] = 9;
        SampleEntry foreign = new SampleCodec(other).append(null, sample);

        assertThat(codec.readable(foreign)).isFalse();
        assertThat(decode(foreign)).isEmpty();
        assertThat(decode(codec.append(foreign, sample(true, 1, "1.0", null)))).containsExactly("a b=1.0/1.0");
    }

    private static Sample sample(boolean a, double b, String bText, String c) {
        Sample s = new Sample(3);
        s.present[0] = a;
        s.present[1] = true;
        s.number[1] = b;
        s.text[1] = bText;
        s.present[2] = c != null;
        s.text[2] = c;
        return s;
    }

    private List<String> decode(SampleEntry entry) {
        List<String> out = new ArrayList<>();
        Sample scratch = new Sample(3);
        codec.forEach(entry, scratch, () -> {
            StringBuilder text = new StringBuilder();
            if (scratch.present[0]) {
                text.append("a ");
            }
            if (scratch.present[1]) {
                text.append("b=").append(scratch.number[1]).append('/').append(scratch.text[1]);
            }
            if (scratch.present[2]) {
                text.append(" c=").append(scratch.text[2]);
            }
            out.add(text.toString());
        });
        return out;
    }
}

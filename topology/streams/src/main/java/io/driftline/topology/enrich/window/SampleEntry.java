package io.driftline.topology.enrich.window;

import io.driftline.topology.state.StateLayout;
import java.util.Arrays;

/**
 * One entry of {@value WindowAggregateStage#STORE}: every event of one key at one timestamp (nearly always exactly
 * one), encoded by {@link SampleCodec} under the field layout whose fingerprint it carries. Opaque outside this
 * package: read it with {@link WindowAggregateQuery}.
 *
 * <p>Stored in {@link #LAYOUT}, version 1: the version byte, the fingerprint (int32), the events. This is the
 * layout main wrote (its own version byte 1 then the fingerprint), so that state reads as version 1 unchanged.
 * An entry of another fingerprint (the aggregates were declared otherwise) is skipped by the codec, not misread.
 */
public final class SampleEntry {

    /** The layout of the values of {@value WindowAggregateStage#STORE}. */
    static final StateLayout<SampleEntry> LAYOUT = StateLayout.<SampleEntry>of(WindowAggregateStage.STORE)
            .current(1, (entry, out) -> {
                out.writeInt(entry.fingerprint);
                out.write(entry.bytes, entry.offset, entry.length);
            }, in -> {
                int fingerprint = in.getInt();
                // No copy: the events stay in the array the store handed out.
                return new SampleEntry(fingerprint, in.array(), in.arrayOffset() + in.position(), in.remaining());
            })
            .sizeHint(32)
            .build();

    final int fingerprint;
    final byte[] bytes;
    final int offset;
    final int length;

    SampleEntry(int fingerprint, byte[] bytes, int offset, int length) {
        this.fingerprint = fingerprint;
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** The encoded events, copied (for tests and equality). */
    byte[] events() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }
}

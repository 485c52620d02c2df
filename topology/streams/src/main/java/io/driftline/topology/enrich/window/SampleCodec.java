package io.driftline.topology.enrich.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The events of one window-store entry ({@link SampleEntry}): every event of one key at one timestamp (nearly always
 * exactly one). The version byte is the entry's {@link SampleEntry#LAYOUT}'s; this codec writes and reads the rest.
 *
 * <pre>
 * entry := version:int8 (1)  fingerprint:int32  event+
 * event := slot*                     one per field of the {@link FieldLayout}, in its order
 * slot  := 0                         absent or null
 *        | 1 [number:float64] [length:unsigned-varint utf8:byte*]
 *                                    present; the number only if the field keeps one, the text only if it keeps one
 * </pre>
 *
 * Big-endian, as {@link ByteBuffer} writes. An event read by {@code count(amount)} and {@code sum(amount)} costs
 * 10 bytes, plus the 5-byte header per entry. The fingerprint is the layout's ({@link FieldLayout#fingerprint()}):
 * an entry written under another declaration of aggregates (other fields, or other uses of them) is skipped, not
 * misread.
 */
final class SampleCodec {

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private final FieldLayout layout;
    private final int fingerprint;
    private final byte[][] utf8;

    SampleCodec(FieldLayout layout) {
        this.layout = layout;
        this.fingerprint = layout.fingerprint();
        this.utf8 = new byte[layout.size()][];
    }

    /** Whether {@code entry} was written with this layout (and so is read by {@link #forEach}). */
    boolean readable(SampleEntry entry) {
        return entry != null && entry.fingerprint == fingerprint;
    }

    /** A new entry: {@code existing} (when readable; else nothing) followed by {@code sample}. */
    SampleEntry append(SampleEntry existing, Sample sample) {
        boolean keep = readable(existing);
        int size = (keep ? existing.length : 0) + size(sample);
        ByteBuffer out = ByteBuffer.allocate(size);
        if (keep) {
            out.put(existing.bytes, existing.offset, existing.length);
        }
        for (int i = 0; i < layout.size(); i++) {
            if (!sample.present[i]) {
                out.put(ABSENT);
                continue;
            }
            out.put(PRESENT);
            FieldLayout.Field f = layout.field(i);
            if (f.number()) {
                out.putDouble(sample.number[i]);
            }
            if (f.text()) {
                ByteUtils.writeUnsignedVarint(utf8[i].length, out);
                out.put(utf8[i]);
            }
        }
        return new SampleEntry(fingerprint, out.array(), 0, size);
    }

    private int size(Sample sample) {
        int size = 0;
        for (int i = 0; i < layout.size(); i++) {
            size++;
            if (!sample.present[i]) {
                continue;
            }
            FieldLayout.Field f = layout.field(i);
            if (f.number()) {
                size += Double.BYTES;
            }
            if (f.text()) {
                utf8[i] = sample.text[i].getBytes(StandardCharsets.UTF_8);
                size += ByteUtils.sizeOfUnsignedVarint(utf8[i].length) + utf8[i].length;
            }
        }
        return size;
    }

    /** Decodes each event of a readable {@code entry} into {@code scratch} and runs {@code each} after each one. */
    void forEach(SampleEntry entry, Sample scratch, Runnable each) {
        if (!readable(entry)) {
            return;
        }
        byte[] bytes = entry.bytes;
        ByteBuffer in = ByteBuffer.wrap(bytes, entry.offset, entry.length);
        while (in.hasRemaining()) {
            for (int i = 0; i < layout.size(); i++) {
                scratch.present[i] = in.get() == PRESENT;
                if (!scratch.present[i]) {
                    continue;
                }
                FieldLayout.Field f = layout.field(i);
                if (f.number()) {
                    scratch.number[i] = in.getDouble();
                }
                if (f.text()) {
                    int length = ByteUtils.readUnsignedVarint(in);
                    scratch.text[i] = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
                    in.position(in.position() + length);
                }
            }
            each.run();
        }
    }
}

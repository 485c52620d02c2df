package io.driftline.topology.enrich.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The bytes of one window-store entry: every event of one key at one timestamp (nearly always exactly one).
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

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + Integer.BYTES;
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
    boolean readable(byte[] entry) {
        return entry != null && entry.length >= HEADER && entry[0] == VERSION
                && ByteBuffer.wrap(entry, 1, Integer.BYTES).getInt() == fingerprint;
    }

    /** A new entry: {@code existing} (when readable; else nothing) followed by {@code sample}. */
    byte[] append(byte[] existing, Sample sample) {
        boolean keep = readable(existing);
        int size = (keep ? existing.length : HEADER) + size(sample);
        ByteBuffer out = ByteBuffer.allocate(size);
        if (keep) {
            out.put(existing);
        } else {
            out.put(VERSION).putInt(fingerprint);
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
        return out.array();
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
    void forEach(byte[] entry, Sample scratch, Runnable each) {
        if (!readable(entry)) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(entry, HEADER, entry.length - HEADER);
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
                    scratch.text[i] = new String(entry, in.position(), length, StandardCharsets.UTF_8);
                    in.position(in.position() + length);
                }
            }
            each.run();
        }
    }
}

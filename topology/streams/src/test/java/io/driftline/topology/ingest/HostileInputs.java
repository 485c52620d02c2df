package io.driftline.topology.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Hostile inputs shared by the fuzz, topology and broker tests: recursive and deep schemas, mutated frames. */
public final class HostileInputs {

    /** A linked list: each node's {@code next} is null or another node, so a value nests as deep as its bytes go. */
    public static final Schema RECURSIVE = new Schema.Parser().parse("""
            {"type": "record", "name": "Node", "namespace": "hostile", "fields": [
              {"name": "next", "type": ["null", "Node"], "default": null}]}""");

    private HostileInputs() {
    }

    /**
     * A Confluent frame of a {@link #RECURSIVE} value {@code depth} nodes deep: each node is union branch 1
     * (zig-zag varint 2), the last one's next is branch 0 (null). 200,000 nodes is a 200 KB event.
     */
    public static byte[] chain(int schemaId, int depth) {
        byte[] out = new byte[5 + depth + 1];
        frame(schemaId, out);
        Arrays.fill(out, 5, 5 + depth, (byte) 2);
        out[out.length - 1] = 0;
        return out;
    }

    /** A record schema of {@code depth} records nested one in the next (not recursive, only deep). */
    public static Schema deep(int depth) {
        Schema inner = SchemaBuilder.record("Level" + depth).namespace("hostile.deep").fields()
                .requiredInt("leaf").endRecord();
        for (int i = depth - 1; i >= 1; i--) {
            inner = SchemaBuilder.record("Level" + i).namespace("hostile.deep").fields()
                    .name("child").type(inner).noDefault().endRecord();
        }
        return inner;
    }

    /** A frame of a {@link #deep} value: only the leaf int is encoded (records take no bytes of their own). */
    public static byte[] deepValue(int schemaId, int leaf) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        long zigzag = ((long) leaf << 1) ^ (leaf >> 31);
        while ((zigzag & ~0x7fL) != 0) {
            payload.write((int) ((zigzag & 0x7f) | 0x80));
            zigzag >>>= 7;
        }
        payload.write((int) zigzag);
        return framed(schemaId, payload.toByteArray());
    }

    /** {@code payload} behind the 5-byte Confluent header of {@code schemaId}. */
    public static byte[] framed(int schemaId, byte[] payload) {
        byte[] out = new byte[5 + payload.length];
        frame(schemaId, out);
        System.arraycopy(payload, 0, out, 5, payload.length);
        return out;
    }

    /**
     * {@code frame} changed {@code rounds} times at random in its payload (its header kept, so the schema is found):
     * bytes flipped or set to varint extremes, bytes inserted or deleted, truncated, or a slice repeated.
     */
    public static byte[] mutate(byte[] frame, int rounds, Random random) {
        byte[] out = frame.clone();
        for (int r = 0; r < rounds; r++) {
            int payload = out.length - 5;
            int at = 5 + (payload <= 0 ? 0 : random.nextInt(payload));
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (payload > 0) {
                        out[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (payload > 0) {
                        out[at] = random.nextBoolean() ? (byte) 0xff : (byte) 0x7f; // huge lengths and counts
                    }
                }
                case 2 -> out = insert(out, at, (byte) random.nextInt(256));
                case 3 -> {
                    if (payload > 0) {
                        out = delete(out, at);
                    }
                }
                case 4 -> out = Arrays.copyOf(out, 5 + (payload <= 0 ? 0 : random.nextInt(payload)));
                default -> {
                    if (payload > 0) {
                        int length = 1 + random.nextInt(Math.min(payload, 16));
                        int from = 5 + random.nextInt(payload - length + 1);
                        out = repeat(out, from, length, 1 + random.nextInt(64));
                    }
                }
            }
        }
        return out;
    }

    private static void frame(int schemaId, byte[] out) {
        out[0] = 0;
        ByteBuffer.wrap(out, 1, 4).putInt(schemaId);
    }

    private static byte[] insert(byte[] in, int at, byte b) {
        byte[] out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(in, at, out, at + 1, in.length - at);
        return out;
    }

    private static byte[] delete(byte[] in, int at) {
        byte[] out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
        return out;
    }

    private static byte[] repeat(byte[] in, int from, int length, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, from + length);
        for (int i = 0; i < times; i++) {
            out.write(in, from, length);
        }
        out.write(in, from + length, in.length - from - length);
        return out.toByteArray();
    }
}

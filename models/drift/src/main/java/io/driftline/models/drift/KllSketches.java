package io.driftline.models.drift;

import java.nio.ByteBuffer;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * KLL double sketches as Driftline keeps them: {@link #K} = 400, which gives a normalised rank error of about
 * 0.68% for a single rank and 0.86% for a difference of two ranks (99% confidence), in about 6 KiB once a few
 * thousand values have gone in (k = 200 had twice the error, and the upward lean of KS statistics from sketches
 * that comes with it made the tests' false alarms measurably more frequent in the detector benchmark). Sketches
 * of other sizes (profiles of older bundles) still work: each error bound comes from the sketch's own k.
 *
 * <p>KLL compaction flips coins from DataSketches' own unseeded random source: the same values give sketches that
 * may differ from run to run, within the error bound.
 */
public final class KllSketches {

    /** Sketch size parameter, the one reference profiles are built with ({@code ProfileBuilder#withSketches()}). */
    public static final int K = 400;

    private KllSketches() {
    }

    /** An empty heap sketch with {@link #K}. */
    public static KllDoublesSketch newSketch() {
        return KllDoublesSketch.newHeapInstance(K);
    }

    /** A sketch of the given values (NaN values are ignored, as the sketch does). */
    public static KllDoublesSketch of(double... values) {
        KllDoublesSketch sketch = newSketch();
        for (double value : values) {
            sketch.update(value);
        }
        return sketch;
    }

    /** The compact serialized form. */
    public static byte[] toBytes(KllDoublesSketch sketch) {
        return sketch.toByteArray();
    }

    /** A heap copy of a serialized sketch. */
    public static KllDoublesSketch fromBytes(byte[] bytes) {
        try {
            return KllDoublesSketch.heapify(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a serialized KLL double sketch: " + bytes.length + " bytes", e);
        }
    }

    /** A heap copy of a serialized sketch in a buffer (as Avro holds bytes), from its position to its limit. */
    public static KllDoublesSketch fromBytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return fromBytes(bytes);
    }

    /** Writes a sketch length-prefixed in its compact form, as the window statistics' binary layouts hold it. */
    public static void write(java.io.DataOutput out, KllDoublesSketch sketch) throws java.io.IOException {
        byte[] bytes = toBytes(sketch);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads what {@link #write} wrote. */
    public static KllDoublesSketch read(java.io.DataInput in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return fromBytes(bytes);
    }
}

package io.driftline.models.drift;

import io.driftline.models.profile.ProfileBuilder;
import java.nio.ByteBuffer;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * KLL double sketches as Driftline keeps them: {@link #K} = 200, which gives a normalised rank error of about
 * 1.33% for a single rank and 1.65% for a difference of two ranks (99% confidence), in about 3 KiB once a few
 * thousand values have gone in. Reference profiles and window statistics must use sketches of the same kind for
 * the KS and Wasserstein error bounds here to hold.
 *
 * <p>KLL compaction flips coins from DataSketches' own unseeded random source: the same values give sketches that
 * may differ from run to run, within the error bound.
 */
public final class KllSketches {

    /** Sketch size parameter, the one {@link ProfileBuilder#withSketches()} uses. */
    public static final int K = ProfileBuilder.SKETCH_K;

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
}

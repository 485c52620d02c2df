package io.driftline.topology.state;

import java.nio.ByteBuffer;

/**
 * The layout of a store whose values are one time or counter (an int64), such as a stage's clock. Version 1: the
 * version byte, then the value big-endian. Main stored these with {@code Serdes.Long()}, the 8 bytes bare; those are
 * recognised by their length (a versioned value has 9).
 */
public final class TimeLayout {

    private TimeLayout() {
    }

    /** The layout of the values of {@code store}. */
    public static StateLayout<Long> of(String store) {
        return StateLayout.<Long>of(store)
                .current(1, (value, out) -> out.writeLong(value), ByteBuffer::getLong)
                .unversioned(bytes -> bytes.length == Long.BYTES, ByteBuffer::getLong)
                .sizeHint(1 + Long.BYTES)
                .build();
    }
}

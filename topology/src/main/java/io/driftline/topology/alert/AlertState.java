package io.driftline.topology.alert;

import java.nio.ByteBuffer;

/**
 * The lifecycle state of one (model, type, subject): consecutive drifted and clean windows, and the open
 * episode's start (0 when closed). A fixed 24-byte layout for an internal store only this stage reads.
 */
record AlertState(int drifted, int clean, long openedWindowStart, long openedAt) {

    static final AlertState NONE = new AlertState(0, 0, 0, 0);

    boolean open() {
        return openedAt != 0;
    }

    AlertState observe(boolean driftedNow) {
        return driftedNow ? new AlertState(drifted + 1, 0, openedWindowStart, openedAt)
                : new AlertState(0, clean + 1, openedWindowStart, openedAt);
    }

    AlertState opened(long windowStart, long at) {
        return new AlertState(drifted, clean, windowStart, at);
    }

    AlertState resolved() {
        return new AlertState(drifted, clean, 0, 0);
    }

    byte[] encode() {
        return ByteBuffer.allocate(24).putInt(drifted).putInt(clean).putLong(openedWindowStart).putLong(openedAt)
                .array();
    }

    static AlertState decode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new AlertState(in.getInt(), in.getInt(), in.getLong(), in.getLong());
    }
}

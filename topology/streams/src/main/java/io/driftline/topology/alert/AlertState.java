package io.driftline.topology.alert;

import java.nio.ByteBuffer;

/**
 * The lifecycle state of one (model, type, subject): consecutive drifted and clean windows, the open episode's
 * start (0 when closed), and whether the open alert was last emitted as critical. A fixed 25-byte layout for an
 * internal store only this stage reads; the 24-byte layout from before severities reads as not critical, so an
 * alert open across the upgrade is re-emitted once if it turns out critical.
 */
record AlertState(int drifted, int clean, long openedWindowStart, long openedAt, boolean critical) {

    static final AlertState NONE = new AlertState(0, 0, 0, 0, false);

    /** The layout in the {@link AlertLedger}; nothing stored reads as {@link #NONE}. */
    static final AlertLedger.Codec<AlertState> CODEC = new AlertLedger.Codec<>() {
        @Override
        public byte[] encode(AlertState state) {
            return state.encode();
        }

        @Override
        public AlertState decode(byte[] bytes) {
            return AlertState.decode(bytes);
        }
    };

    boolean open() {
        return openedAt != 0;
    }

    AlertState observe(boolean driftedNow) {
        return driftedNow ? new AlertState(drifted + 1, 0, openedWindowStart, openedAt, critical)
                : new AlertState(0, clean + 1, openedWindowStart, openedAt, critical);
    }

    AlertState opened(long windowStart, long at, boolean criticalNow) {
        return new AlertState(drifted, clean, windowStart, at, criticalNow);
    }

    AlertState escalated() {
        return new AlertState(drifted, clean, openedWindowStart, openedAt, true);
    }

    AlertState resolved() {
        return new AlertState(drifted, clean, 0, 0, false);
    }

    byte[] encode() {
        return ByteBuffer.allocate(25).putInt(drifted).putInt(clean).putLong(openedWindowStart).putLong(openedAt)
                .put((byte) (critical ? 1 : 0)).array();
    }

    static AlertState decode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new AlertState(in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.hasRemaining() && in.get() == 1);
    }
}

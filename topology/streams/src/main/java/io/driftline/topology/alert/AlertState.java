package io.driftline.topology.alert;

import io.driftline.topology.state.StateLayout;
import java.nio.ByteBuffer;

/**
 * The lifecycle state of one (model, type, subject): consecutive drifted and clean windows, the open episode's
 * start (0 when closed), and whether the open alert was last emitted as critical.
 *
 * <p>Stored in {@value AlertStage#STORE} in {@link #LAYOUT}: version 1 is the version byte then the fixed 25 bytes
 * (drifted, clean, opened window start, opened at, critical). Before the versioned scheme the same 25 bytes were
 * stored bare, and before severities 24 bytes without the critical flag; both are recognised by their length
 * (no versioned value has 24 or 25 bytes) and read as they were: the 24-byte layout reads as not critical, so an
 * alert open across that upgrade is re-emitted once if it turns out critical.
 */
record AlertState(int drifted, int clean, long openedWindowStart, long openedAt, boolean critical) {

    static final AlertState NONE = new AlertState(0, 0, 0, 0, false);

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

    /** The layout of the values of {@value AlertStage#STORE}. */
    static final StateLayout<AlertState> LAYOUT = StateLayout.<AlertState>of(AlertStage.STORE)
            .current(1, (state, out) -> {
                out.writeInt(state.drifted);
                out.writeInt(state.clean);
                out.writeLong(state.openedWindowStart);
                out.writeLong(state.openedAt);
                out.writeBoolean(state.critical);
            }, AlertState::readBody)
            .unversioned(bytes -> bytes.length == 24 || bytes.length == 25, AlertState::readBody)
            .sizeHint(26)
            .build();

    /** Version 1's body, and the bare layouts before it (24 bytes: no critical flag). */
    private static AlertState readBody(ByteBuffer in) {
        return new AlertState(in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.hasRemaining() && in.get() == 1);
    }
}

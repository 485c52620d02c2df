package io.driftline.topology.stats;

import io.driftline.topology.state.StateLayout;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An entry of {@value StatsStage#ACCUMULATOR_STORE}: an open window's statistics under its window key, or the
 * task's window clock under {@link AccumulatorStore#CLOCK_KEY}. The kind is in the value, so a value reads the same
 * whatever its key.
 *
 * <p>Stored in {@link #LAYOUT}. Version 4: a kind byte (0 window, 1 clock, 2 delta of a window), then the window
 * statistics ({@link StatsCodec#writeStats}) or the time (int64). Version 3 was the same without deltas. Main wrote the windows in the statistics' own version 2
 * (with performance) or 1 (before labels), and the clock as version 1 with an 8-byte body; version 1 is told apart
 * by that length, as no window's statistics take fewer than 29 bytes.
 */
sealed interface AccumulatorEntry {

    /** An open window's statistics. */
    record Window(WindowStats stats) implements AccumulatorEntry {
    }

    /** Counts of an open window since its last write-back, under a delta key ({@link AccumulatorStore#deltaKey}). */
    record Delta(WindowStats stats) implements AccumulatorEntry {
    }

    /** The latest record time the task's windows have seen. */
    record Clock(long time) implements AccumulatorEntry {
    }

    byte WINDOW = 0;
    byte CLOCK = 1;
    byte DELTA = 2;

    /** The layout of the values of {@value StatsStage#ACCUMULATOR_STORE}. */
    StateLayout<AccumulatorEntry> LAYOUT = StateLayout.<AccumulatorEntry>of(StatsStage.ACCUMULATOR_STORE)
            .current(4, (entry, out) -> {
                if (entry instanceof Window window) {
                    out.writeByte(WINDOW);
                    StatsCodec.writeStats(out, window.stats());
                } else if (entry instanceof Delta delta) {
                    out.writeByte(DELTA);
                    StatsCodec.writeStats(out, delta.stats());
                } else {
                    out.writeByte(CLOCK);
                    out.writeLong(((Clock) entry).time());
                }
            }, AccumulatorEntry::readTagged)
            // Version 3 is version 4 without deltas: a release that reads 3 and not 4 refuses a store with deltas.
            .reads(3, AccumulatorEntry::readTagged)
            .reads(2, in -> new Window(StatsCodec.readStats(StateLayout.data(in))))
            // Statistics are last in the value, so readStats sees where layout 1 ends (no performance).
            .reads(1, in -> in.remaining() == Long.BYTES ? new Clock(in.getLong())
                    : new Window(StatsCodec.readStats(StateLayout.data(in))))
            .sizeHint(1024)
            .build();

    private static AccumulatorEntry readTagged(ByteBuffer in) throws IOException {
        byte kind = in.get();
        return switch (kind) {
            case WINDOW -> new Window(StatsCodec.readStats(StateLayout.data(in)));
            case CLOCK -> new Clock(in.getLong());
            case DELTA -> new Delta(StatsCodec.readStats(StateLayout.data(in)));
            default -> throw new IOException("unknown accumulator entry kind " + kind);
        };
    }
}

package io.driftline.topology.stats;

/**
 * Whether this instance has read everything there is of its input partitions. Windows close on stream time while
 * records wait; only a partition that is caught up may close its windows on wall-clock time (a quiet partition
 * never advances stream time), and the merge waits past its allowance while any input here is behind. Without it
 * a restart with a backlog, or a slow partition, closed windows before their events were read and reported them
 * short.
 */
public interface InputProgress {

    /** True when partition {@code partition} of every input topic assigned here has no unread records. */
    boolean caughtUp(int partition);

    /** True when every input partition assigned to this instance has no unread records. */
    boolean allCaughtUp();

    /** Always caught up: what TopologyTestDriver gives (every record piped is read at once). */
    static InputProgress always() {
        return new InputProgress() {
            @Override
            public boolean caughtUp(int partition) {
                return true;
            }

            @Override
            public boolean allCaughtUp() {
                return true;
            }
        };
    }
}

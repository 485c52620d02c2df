package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.PerformanceStats;
import io.driftline.topology.state.StateLayoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeStateLayoutTest {

    private static WindowStats stats() {
        return new WindowStats("fraud", "1", false, 60_000, 120_000, List.of(), null, Map.of("fraud", 3L), 10,
                new PerformanceStats());
    }

    private static MergeState merging() {
        MergeState state = MergeState.first(new WindowPartial(stats(), 0, 3), 1_000);
        state.add(new WindowPartial(stats(), 2, 3), 1_500);
        return state;
    }

    /** {@code MergeState.encode()} as main wrote it: StatsCodec's version byte, then the fields. */
    private static byte[] mainEncode(MergeState state, long firstArrival, long firstEvents, int[] partitions) {
        return StatsCodec.write(out -> {
            out.writeLong(firstArrival);
            out.writeLong(firstEvents);
            out.writeLong(state.reported() ? state.reportedAtMs() : Long.MIN_VALUE);
            out.writeInt(state.inputPartitions());
            out.writeInt(partitions.length);
            for (int partition : partitions) {
                out.writeInt(partition);
                out.writeBoolean(false);
            }
            out.writeBoolean(state.stats() != null);
            if (state.stats() != null) {
                StatsCodec.writeStats(out, state.stats());
            }
        });
    }

    @Test
    void shouldRoundTripTheCurrentLayout() {
        MergeState state = merging();
        byte[] bytes = MergeState.LAYOUT.encode(state);
        assertThat(bytes[0]).isEqualTo((byte) 2);
        MergeState copy = MergeState.LAYOUT.decode(bytes);
        assertThat(copy.partitions()).isEqualTo(2);
        assertThat(copy.inputPartitions()).isEqualTo(3);
        assertThat(copy.firstArrivalMs()).isEqualTo(1_000);
        assertThat(copy.stats().events()).isEqualTo(20);
        assertThat(MergeState.LAYOUT.encode(copy)).isEqualTo(bytes);
    }

    @Test
    void shouldReadTheLayoutMainWroteAsVersion2() {
        MergeState state = merging();
        byte[] main = mainEncode(state, 1_000, 1_000, new int[] {0, 2});
        assertThat(MergeState.LAYOUT.encode(state)).isEqualTo(main);
        assertThat(MergeState.LAYOUT.decode(main).stats().labels()).containsEntry("fraud", 6L);
    }

    @Test
    void shouldReadVersion1() {
        // A reported window holds no statistics, so its version 1 body is its version 2 body.
        MergeState state = merging();
        state.markReported(5_000);
        byte[] old = mainEncode(state, 1_000, 1_000, new int[] {0, 2});
        old[0] = 1;
        MergeState copy = MergeState.LAYOUT.decode(old);
        assertThat(copy.reported()).isTrue();
        assertThat(copy.reportedAtMs()).isEqualTo(5_000);
        assertThat(copy.stats()).isNull();
    }

    @Test
    void shouldFailOnAnUnknownVersion() {
        byte[] future = MergeState.LAYOUT.encode(merging());
        future[0] = 3;
        assertThatThrownBy(() -> MergeState.LAYOUT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(StatsStage.MERGE_STORE).hasMessageContaining("version 3")
                .hasMessageContaining("[1, 2]");
    }
}

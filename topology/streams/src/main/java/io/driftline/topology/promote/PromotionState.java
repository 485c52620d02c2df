package io.driftline.topology.promote;

import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;

/**
 * One model's way towards an automatic promotion: the challenger version being judged, how many consecutive
 * windows it passed, the last window counted (a report read again counts once), and whether it was promoted.
 */
record PromotionState(String challenger, int passed, long lastWindowStart, boolean promoted) {

    /** The layout of {@value PromotionStage#STORE}'s values: version 1, the fields in order. */
    static final StateLayout<PromotionState> LAYOUT = StateLayout.<PromotionState>of(PromotionStage.STORE)
            .current(1, (s, out) -> {
                StateLayout.writeString(out, s.challenger);
                out.writeInt(s.passed);
                out.writeLong(s.lastWindowStart);
                out.writeBoolean(s.promoted);
            }, body -> {
                DataInputStream in = StateLayout.data(body);
                return new PromotionState(StateLayout.readString(in), in.readInt(), in.readLong(), in.readBoolean());
            })
            .build();
}

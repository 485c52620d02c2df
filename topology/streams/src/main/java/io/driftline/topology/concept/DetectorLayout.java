package io.driftline.topology.concept;

import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.state.StateLayout;

/**
 * The layout of the values of {@value ConceptStage#DETECTOR_STORE}: one Page-Hinkley test's state. Version 1 is the
 * version byte then the 32 bytes {@link PageHinkley#write} writes (count, mean, sum, min). Before the versioned
 * scheme those 32 bytes were stored bare; they are recognised by their length (no versioned value has 32 bytes).
 * The settings are not stored: they come from configuration, so a changed threshold applies to a running test.
 */
final class DetectorLayout {

    /** The length of {@link PageHinkley#write}'s state, the whole of the unversioned layout. */
    static final int BODY = Long.BYTES + 3 * Double.BYTES;

    private DetectorLayout() {
    }

    static StateLayout<PageHinkley> of(PageHinkley.Settings settings) {
        return StateLayout.<PageHinkley>of(ConceptStage.DETECTOR_STORE)
                .current(1, PageHinkley::write, body -> PageHinkley.read(StateLayout.data(body), settings))
                .unversioned(bytes -> bytes.length == BODY,
                        body -> PageHinkley.read(StateLayout.data(body), settings))
                .sizeHint(BODY + 1)
                .build();
    }
}

package io.driftline.topology.enrich;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the enrich stage for the whole instance. */
public final class EnrichMetrics {

    private final LongAdder joined = new LongAdder();
    private final LongAdder missing = new LongAdder();
    private final LongAdder undecodable = new LongAdder();

    void joined() {
        joined.increment();
    }

    void missing() {
        missing.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    /** Events that found their profile. */
    public long profilesJoined() {
        return joined.sum();
    }

    /** Events with no profile for their key (missing-value policies apply). */
    public long profilesMissing() {
        return missing.sum();
    }

    /** Events whose profile did not decode and was treated as absent. */
    public long profilesUndecodable() {
        return undecodable.sum();
    }
}

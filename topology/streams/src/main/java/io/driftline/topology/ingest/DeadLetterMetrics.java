package io.driftline.topology.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Dead letters sent since start, per code, for the whole instance. Safe for concurrent use. */
public final class DeadLetterMetrics {

    private final Map<DeadLetterCode, LongAdder> counts = new EnumMap<>(DeadLetterCode.class);

    public DeadLetterMetrics() {
        for (DeadLetterCode code : DeadLetterCode.values()) {
            counts.put(code, new LongAdder());
        }
    }

    /** Counts one dead letter. */
    public void record(DeadLetterCode code) {
        counts.get(code).increment();
    }

    /** Dead letters with this code. */
    public long count(DeadLetterCode code) {
        return counts.get(code).sum();
    }

    /** All dead letters. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Non-zero counts per code, in code order. */
    public Map<DeadLetterCode, Long> snapshot() {
        Map<DeadLetterCode, Long> out = new EnumMap<>(DeadLetterCode.class);
        counts.forEach((code, n) -> {
            long value = n.sum();
            if (value > 0) {
                out.put(code, value);
            }
        });
        return out;
    }
}

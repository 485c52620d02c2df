package io.driftline.topology.enrich;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the enrich stage for the whole instance. */
public final class EnrichMetrics {

    private final LongAdder joined = new LongAdder();
    private final LongAdder missing = new LongAdder();
    private final Map<String, LongAdder> missingByTopic = new ConcurrentHashMap<>();
    private final LongAdder undecodable = new LongAdder();

    void joined() {
        joined.increment();
    }

    void missing(String topic) {
        missing.increment();
        // Per topic: the join applies to every input topic, and a topic keyed by another entity (merchants on a
        // card-keyed profile table) finds no profile by design; that must not hide the events topic's misses.
        missingByTopic.computeIfAbsent(topic, t -> new LongAdder()).increment();
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

    /** Events of {@code topic} with no profile for their key. */
    public long profilesMissing(String topic) {
        LongAdder count = missingByTopic.get(topic);
        return count == null ? 0 : count.sum();
    }

    /** Events with no profile for their key, per input topic. */
    public Map<String, Long> profilesMissingByTopic() {
        Map<String, Long> out = new TreeMap<>();
        missingByTopic.forEach((topic, count) -> out.put(topic, count.sum()));
        return out;
    }

    /** Events whose profile did not decode and was treated as absent. */
    public long profilesUndecodable() {
        return undecodable.sum();
    }
}

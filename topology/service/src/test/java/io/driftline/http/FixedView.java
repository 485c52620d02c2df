package io.driftline.http;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * An instance whose every answer is fixed and trivial, but its aggregates: what a test of the server itself (its
 * access checks, TLS, forwarding) runs the API on.
 */
public final class FixedView implements InstanceView {

    private final BiFunction<String, Long, Map<String, Object>> aggregates;

    /** Answers {@code {"key": key}} for a key's aggregates. */
    public FixedView() {
        this((key, asOf) -> Map.of("key", key));
    }

    public FixedView(BiFunction<String, Long, Map<String, Object>> aggregates) {
        this.aggregates = aggregates;
    }

    @Override
    public Map<String, Object> readiness() {
        return Map.of("ready", true);
    }

    @Override
    public String prometheus() {
        return "driftline_up 1\n";
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("events", 7);
    }

    @Override
    public Map<String, Object> models() {
        return Map.of();
    }

    @Override
    public Map<String, Object> aggregates(String key, Long asOf, boolean forwarded) {
        return aggregates.apply(key, asOf);
    }

    @Override
    public Map<String, Object> liveWindows() {
        return Map.of();
    }

    @Override
    public byte[] windowShares() {
        return new byte[0];
    }
}

package io.driftline.devkit.payments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.generic.IndexedRecord;

/**
 * Per-key window aggregates computed offline, the reference for what Driftline's enrich stage computes in
 * Kafka Streams ({@code enrich.aggregates}, {@code topology.enrich.window.AggregateSpec}): training data built
 * with it sees the features that serving sees.
 *
 * <p>Semantics, for an event of key K at timestamp t: {@code function} of {@code field} over every event of key
 * K added so far, this one included, whose timestamp lies in {@code (t - window, t]} and whose field is
 * present and not null. COUNT and SUM of nothing are 0; MEAN, MIN and MAX of nothing are absent from the
 * result; DISTINCT counts distinct values as text. SUM, MEAN, MIN and MAX take finite numbers (booleans as
 * 1/0). An event with a null key is a group of its own: it counts for itself only.
 *
 * <p>Refused events count for nothing, as the stage dead-letters them: an event more than {@code grace} behind
 * stream time (the largest timestamp added, i.e. the events are one partition's) gets no aggregates
 * ({@link #add} returns null, the stage's LATE_EVENT); an event whose numeric aggregate field holds something
 * else than a finite number makes {@link #add} throw (WRONG_TYPE, NOT_FINITE). Events at the same timestamp
 * count in the order they were added.
 *
 * <p>Keeps the events of a key inside the largest window plus the grace (older ones go when the key comes
 * again). Not thread-safe.
 */
public final class WindowAggregates {

    /** The aggregate functions. */
    public enum Function { COUNT, SUM, MEAN, MIN, MAX, DISTINCT }

    /**
     * One aggregate: {@code function} of the field at dot path {@code field} over {@code window}.
     * {@link #toString()} gives the {@code enrich.aggregates} syntax, e.g. {@code txn_count_10m=count(amount)@10m}.
     */
    public record Spec(String name, Function function, String field, Duration window) {

        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(field, "field");
            if (window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("aggregate '" + name + "' needs a positive window: " + window);
            }
        }

        @Override
        public String toString() {
            return name + "=" + function.name().toLowerCase(java.util.Locale.ROOT) + "(" + field + ")@"
                    + windowText(window);
        }
    }

    private record Entry(long timestamp, Object[] values) {
    }

    private final List<Spec> specs;
    private final String[][] paths; // per spec, the field path split at dots
    private final long retentionMs;
    private final long graceMs;
    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private long streamTime = Long.MIN_VALUE;

    /**
     * @param grace how far behind stream time an event may be and still count; zero for a stream in time order
     */
    public WindowAggregates(List<Spec> specs, Duration grace) {
        this.specs = List.copyOf(specs);
        this.paths = this.specs.stream().map(s -> s.field().split("\\.")).toArray(String[][]::new);
        this.graceMs = grace.toMillis();
        this.retentionMs = this.specs.stream().mapToLong(s -> s.window().toMillis()).max().orElse(0) + graceMs;
    }

    /** The {@code enrich.aggregates} value that declares {@code specs}: their texts joined by commas. */
    public static String declaration(List<Spec> specs) {
        return String.join(",", specs.stream().map(Spec::toString).toList());
    }

    /**
     * Adds an event and returns its aggregates by name, in declaration order; null when the event is late.
     *
     * @throws IllegalArgumentException when a SUM, MEAN, MIN or MAX field holds something other than a finite
     *     number or a boolean; the event is not added
     */
    public Map<String, Double> add(String key, long timestamp, IndexedRecord event) {
        if (streamTime != Long.MIN_VALUE && streamTime - timestamp > graceMs) {
            return null;
        }
        Object[] values = new Object[specs.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = resolve(event, paths[i]);
            values[i] = value == null || specs.get(i).function() == Function.COUNT
                    || specs.get(i).function() == Function.DISTINCT ? value : number(specs.get(i), value);
        }
        streamTime = Math.max(streamTime, timestamp);
        List<Entry> entries = key == null ? new ArrayList<>() : byKey.computeIfAbsent(key, k -> new ArrayList<>());
        long horizon = streamTime - retentionMs; // no event to come can reach back to or before this
        entries.removeIf(e -> e.timestamp() <= horizon);
        // Kept in timestamp order, ties in the order added: the order the stage's window store gives back, so
        // that sums and means add up in the same order and come out bit for bit the same (AggregateParityTest).
        int at = entries.size();
        while (at > 0 && entries.get(at - 1).timestamp() > timestamp) {
            at--;
        }
        entries.add(at, new Entry(timestamp, values));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            Double value = aggregate(i, entries, timestamp);
            if (value != null) {
                out.put(specs.get(i).name(), value);
            }
        }
        return out;
    }

    private Double aggregate(int spec, List<Entry> entries, long t) {
        Spec s = specs.get(spec);
        long from = t - s.window().toMillis(); // exclusive
        long count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Set<String> distinct = s.function() == Function.DISTINCT ? new HashSet<>() : null;
        for (Entry e : entries) {
            Object value = e.values()[spec];
            if (e.timestamp() <= from || e.timestamp() > t || value == null) {
                continue;
            }
            count++;
            if (distinct != null) {
                distinct.add(value.toString());
            } else if (s.function() != Function.COUNT) {
                double x = (Double) value;
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return switch (s.function()) {
            case COUNT -> (double) count;
            case SUM -> sum;
            case MEAN -> count == 0 ? null : sum / count;
            case MIN -> count == 0 ? null : min;
            case MAX -> count == 0 ? null : max;
            case DISTINCT -> (double) distinct.size();
        };
    }

    private static Double number(Spec spec, Object value) {
        double x;
        if (value instanceof Number n) {
            x = n.doubleValue();
        } else if (value instanceof Boolean b) {
            x = b ? 1 : 0;
        } else {
            throw new IllegalArgumentException("aggregate '" + spec.name() + "' needs a number in '" + spec.field()
                    + "', got " + value.getClass().getSimpleName() + " '" + value + "'");
        }
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("aggregate '" + spec.name() + "' needs a finite number in '"
                    + spec.field() + "', got " + x);
        }
        return x;
    }

    private static Object resolve(IndexedRecord event, String[] path) {
        Object current = event;
        for (String name : path) {
            if (current instanceof IndexedRecord record) {
                var field = record.getSchema().getField(name);
                current = field == null ? null : record.get(field.pos());
            } else if (current instanceof Map<?, ?> map) {
                Object value = map.get(name);
                current = value != null ? value : map.get(new org.apache.avro.util.Utf8(name));
            } else {
                return null;
            }
        }
        return current;
    }

    private static String windowText(Duration window) {
        long ms = window.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}

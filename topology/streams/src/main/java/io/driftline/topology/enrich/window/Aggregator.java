package io.driftline.topology.enrich.window;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes every aggregate of one event in one pass over the events of its window: {@link #reset()}, then
 * {@link #add} each event with its age (how long before the current event it happened), then {@link #result()}.
 * An event counts for an aggregate when its age is under that aggregate's window, i.e. its timestamp lies in
 * {@code (t - window, t]}, and the aggregate's field is present in it. Not thread-safe; one per processor.
 */
final class Aggregator {

    private final AggregateSpec[] specs;
    private final int[] field;
    private final long[] windowMs;
    private final long[] count;
    private final double[] sum;
    private final double[] min;
    private final double[] max;
    private final Set<String>[] distinct;

    @SuppressWarnings("unchecked")
    Aggregator(List<AggregateSpec> specs, FieldLayout layout) {
        int n = specs.size();
        this.specs = specs.toArray(new AggregateSpec[0]);
        field = new int[n];
        windowMs = new long[n];
        count = new long[n];
        sum = new double[n];
        min = new double[n];
        max = new double[n];
        distinct = new Set[n];
        for (int i = 0; i < n; i++) {
            field[i] = layout.indexOf(this.specs[i].field());
            windowMs[i] = this.specs[i].window().toMillis();
            distinct[i] = this.specs[i].function() == AggregateSpec.Function.DISTINCT ? new HashSet<>() : null;
        }
    }

    void reset() {
        for (int i = 0; i < specs.length; i++) {
            count[i] = 0;
            sum[i] = 0;
            min[i] = Double.POSITIVE_INFINITY;
            max[i] = Double.NEGATIVE_INFINITY;
            if (distinct[i] != null) {
                distinct[i].clear();
            }
        }
    }

    /** Adds an event that happened {@code ageMs} (>= 0) before the current one. */
    void add(Sample sample, long ageMs) {
        for (int i = 0; i < specs.length; i++) {
            int f = field[i];
            if (ageMs >= windowMs[i] || !sample.present[f]) {
                continue;
            }
            count[i]++;
            switch (specs[i].function()) {
                case SUM, MEAN -> sum[i] += sample.number[f];
                case MIN -> min[i] = Math.min(min[i], sample.number[f]);
                case MAX -> max[i] = Math.max(max[i], sample.number[f]);
                case DISTINCT -> distinct[i].add(sample.text[f]);
                case COUNT -> {
                }
            }
        }
    }

    /** The aggregates by name; MEAN, MIN and MAX are left out when nothing counted (the feature is missing). */
    Map<String, Double> result() {
        Map<String, Double> out = new LinkedHashMap<>(specs.length * 2);
        for (int i = 0; i < specs.length; i++) {
            String name = specs[i].name();
            switch (specs[i].function()) {
                case COUNT -> out.put(name, (double) count[i]);
                case SUM -> out.put(name, sum[i]);
                case DISTINCT -> out.put(name, (double) distinct[i].size());
                case MEAN -> putIfCounted(out, name, i, sum[i] / count[i]);
                case MIN -> putIfCounted(out, name, i, min[i]);
                case MAX -> putIfCounted(out, name, i, max[i]);
            }
        }
        return out;
    }

    private void putIfCounted(Map<String, Double> out, String name, int i, double value) {
        if (count[i] > 0) {
            out.put(name, value);
        }
    }
}

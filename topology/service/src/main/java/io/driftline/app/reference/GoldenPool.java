package io.driftline.app.reference;

import io.driftline.GoldenExample;
import io.driftline.topology.score.onnx.ModelOutput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Golden examples from scored rows: a uniform sample of the rows (reservoir sampling with a fixed seed, so the
 * same file gives the same examples, in bounded memory), sorted by score, of which evenly spaced ones are kept,
 * so that low and high scores are both checked (the demo model picks its golden examples the same way).
 */
final class GoldenPool {

    private static final int POOL_PER_EXAMPLE = 20;

    private final int wanted;
    private final int capacity;
    private final List<GoldenExample> pool = new ArrayList<>();
    private final Random random = new Random(0x601de);
    private long seen;

    GoldenPool(int wanted) {
        if (wanted < 0) {
            throw new IllegalArgumentException("golden rows must be >= 0: " + wanted);
        }
        this.wanted = wanted;
        this.capacity = wanted * POOL_PER_EXAMPLE;
    }

    /** Offers a scored row; its {@code inputs} are built only when the row is kept. */
    void offer(Supplier<BatchScorer.GoldenInputs> inputs, ModelOutput output) {
        if (capacity == 0) {
            return;
        }
        seen++;
        int slot = pool.size() < capacity ? pool.size() : (int) Math.min(Integer.MAX_VALUE, nextLong(seen));
        if (slot >= capacity) {
            return;
        }
        BatchScorer.GoldenInputs in = inputs.get();
        GoldenExample example = GoldenExample.newBuilder().setFeatures(in.features())
                .setTextFeatures(in.textFeatures())
                .setExpectedScore(output.score()).setExpectedScores(output.scores())
                .setExpectedLabel(output.label()).build();
        if (slot == pool.size()) {
            pool.add(example);
        } else {
            pool.set(slot, example);
        }
    }

    private long nextLong(long bound) {
        return (random.nextLong() & Long.MAX_VALUE) % bound;
    }

    /** Up to the wanted number of examples, ascending by score. */
    List<GoldenExample> examples() {
        List<GoldenExample> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparingDouble(GoldenExample::getExpectedScore));
        if (sorted.size() <= wanted) {
            return sorted;
        }
        List<GoldenExample> out = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) {
            out.add(sorted.get(wanted == 1 ? sorted.size() / 2 : (int) ((long) i * (sorted.size() - 1) / (wanted - 1))));
        }
        return out;
    }
}

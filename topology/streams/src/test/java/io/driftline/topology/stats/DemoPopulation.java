package io.driftline.topology.stats;

import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.Transactions;

/**
 * Stationary demo data for drift tests: new payments of the very cards the demo model was trained on.
 *
 * <p>{@code DemoModel.train(version, seed, rows)} trains on a population of 2,000 cards of its own (the seed
 * mixed as {@code DemoData} mixes it). Profile features (credit limit, card age) are per card, so payments of any
 * other 2,000-card population differ from the reference by that population's own sampling, which a KS test on
 * 1,000 events notices now and then: not the "no drift" a stationary test needs. This mirrors {@code DemoData}'s
 * mixing; should that change, stationary tests here would start to flag profile features, not fail outright.
 */
public final class DemoPopulation {

    private DemoPopulation() {
    }

    /** The cards of {@code DemoModel.train(version, trainingSeed, rows)}. */
    public static CardPopulation training(long trainingSeed) {
        return CardPopulation.generate(trainingSeed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL, 2_000);
    }

    /** Payments of the training cards from the demo's start time, drawn with another seed than training's. */
    public static Transactions.Generator payments(long trainingSeed) {
        return payments(trainingSeed, Transactions.DEFAULT_START_MILLIS);
    }

    /** The same from another start time (a broker deletes records older than its retention, a week by default). */
    public static Transactions.Generator payments(long trainingSeed, long startMillis) {
        return Transactions.generator(training(trainingSeed), trainingSeed + 1_000_003L, startMillis);
    }
}

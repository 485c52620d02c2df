package io.driftline.devkit.payments;

import java.util.List;

/**
 * A kind of card holder in the demo: how common, how much credit, how much and how often they spend, and how
 * attractive the card is to fraudsters.
 *
 * @param share          fraction of the population
 * @param medianLimit    median credit limit, in dollars
 * @param spendFactor    multiplies the category's typical amount
 * @param activity       relative payment frequency (1 = one payment per {@link PaymentSimulation#MEAN_GAP})
 * @param compromiseRisk relative chance of being compromised
 */
record Segment(String name, double share, double medianLimit, double spendFactor, double activity,
               double compromiseRisk) {

    static final List<Segment> ALL = List.of(
            new Segment("student", 0.10, 1_000, 0.6, 0.8, 1.5),
            new Segment("standard", 0.52, 4_000, 1.0, 1.0, 1.0),
            new Segment("gold", 0.22, 10_000, 1.3, 1.1, 1.0),
            new Segment("platinum", 0.08, 25_000, 1.8, 1.2, 1.6),
            new Segment("business", 0.08, 15_000, 1.5, 2.0, 1.2));

    static Segment byName(String name) {
        for (Segment segment : ALL) {
            if (segment.name.equals(name)) {
                return segment;
            }
        }
        throw new IllegalArgumentException("no segment '" + name + "'");
    }
}

package io.driftline.models.demo;

import java.util.List;

/**
 * How the demo's payments look in one merchant category, and how risky the category is.
 *
 * @param medianAmount median of the log-normal amount, in dollars
 * @param amountSigma spread of log(amount)
 * @param cardPresentRate share of payments with the card present
 * @param risk the category's term in the hidden fraud rule's log-odds
 * @param weight default share of payments
 */
record Category(String name, double medianAmount, double amountSigma, double cardPresentRate, double risk,
                double weight) {

    /** The demo's categories, from least to most risky. */
    static final List<Category> ALL = List.of(
            new Category("grocery", 45, 0.6, 0.95, 0.0, 0.26),
            new Category("pharmacy", 25, 0.7, 0.90, 0.1, 0.07),
            new Category("restaurants", 30, 0.6, 0.90, 0.2, 0.18),
            new Category("fuel", 50, 0.4, 0.95, 0.3, 0.12),
            new Category("online_retail", 60, 0.9, 0.03, 0.9, 0.17),
            new Category("travel", 380, 0.8, 0.25, 1.0, 0.08),
            new Category("electronics", 220, 0.8, 0.55, 1.3, 0.07),
            new Category("gift_cards", 100, 0.6, 0.45, 2.0, 0.05));

    /** A category the model never saw (injected by drift scenarios): mid-priced, mostly online, risky. */
    static Category unknown(String name) {
        return new Category(name, 80, 1.0, 0.2, 1.5, 0.0);
    }

    /** The named category, or {@link #unknown} for a name outside the demo's list. */
    static Category byName(String name) {
        for (Category category : ALL) {
            if (category.name.equals(name)) {
                return category;
            }
        }
        return unknown(name);
    }
}

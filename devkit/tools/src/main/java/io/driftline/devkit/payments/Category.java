package io.driftline.devkit.payments;

import java.util.List;

/**
 * How the demo's payments look in one merchant category, and how much fraudsters like it.
 *
 * @param medianAmount median of the log-normal amount of a legitimate payment, in dollars (standard segment)
 * @param amountSigma spread of log(amount)
 * @param cardPresentRate share of legitimate payments with the card present
 * @param weight default share of legitimate payments
 * @param fraudWeight share of fraudulent payments
 */
record Category(String name, double medianAmount, double amountSigma, double cardPresentRate, double weight,
                double fraudWeight) {

    /** The demo's categories, from least to most favoured by fraud (fraud share over legitimate share). */
    static final List<Category> ALL = List.of(
            new Category("grocery", 45, 0.6, 0.95, 0.26, 0.12),
            new Category("restaurants", 30, 0.6, 0.90, 0.18, 0.09),
            new Category("fuel", 50, 0.4, 0.95, 0.12, 0.07),
            new Category("pharmacy", 25, 0.7, 0.90, 0.07, 0.05),
            new Category("travel", 380, 0.8, 0.25, 0.08, 0.10),
            new Category("online_retail", 60, 0.9, 0.03, 0.17, 0.25),
            new Category("electronics", 220, 0.8, 0.55, 0.07, 0.16),
            new Category("gift_cards", 100, 0.6, 0.45, 0.05, 0.16));

    /** A category the model never saw (injected by drift scenarios): mid-priced, mostly online. */
    static Category unknown(String name) {
        return new Category(name, 80, 1.0, 0.2, 0.0, 0.0);
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

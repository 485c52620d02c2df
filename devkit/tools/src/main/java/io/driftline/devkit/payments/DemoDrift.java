package io.driftline.devkit.payments;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A drift to inject into the demo's payments: what changes in the world while it lasts. Applied to a
 * {@link Transactions.Generator}, it returns a generator that continues the same simulation (same cards, same
 * clock) with the change; the original generator is the world without it, so removing the drift is switching back.
 *
 * @param kind         what drifts
 * @param amountFactor amounts are multiplied by this (kinds {@link Kind#AMOUNT} and {@link Kind#BOTH})
 * @param categoryMix  relative shares of merchant categories of legitimate payments (kinds {@link Kind#CATEGORY}
 *                     and {@link Kind#BOTH}); categories not named keep their share
 * @param mimicFraud   share of legitimate-looking payments that are fraud (kind {@link Kind#CONCEPT})
 */
public record DemoDrift(Kind kind, double amountFactor, Map<String, Double> categoryMix, double mimicFraud) {

    /** What drifts. */
    public enum Kind {
        /** The payment amount (a numeric feature) is shifted. */
        AMOUNT,
        /** The merchant-category mix (a categorical feature) moves towards online shops, electronics, gift cards. */
        CATEGORY,
        /** Both of the above. */
        BOTH,
        /**
         * Concept drift: fraudsters copy the card holders' habits, so the events look as before while the truth
         * changes and the model's error rises (seen only with labels).
         */
        CONCEPT;

        /** Parses a kind case-insensitively ({@code amount}, {@code category}, {@code both}, {@code concept}). */
        public static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("drift kind must be amount, category, both or concept: " + text);
            }
        }
    }

    /** Default amount factor: amounts doubled. */
    public static final double DEFAULT_AMOUNT_FACTOR = 2.0;
    /** Default concept drift: one in ten legitimate-looking payments is fraud (about 3% are, in training). */
    public static final double DEFAULT_MIMIC_FRAUD = 0.10;

    public DemoDrift {
        Objects.requireNonNull(kind, "kind");
        if (!(amountFactor > 0) || Double.isInfinite(amountFactor)) {
            throw new IllegalArgumentException("amount factor must be finite and > 0: " + amountFactor);
        }
        if (!(mimicFraud >= 0 && mimicFraud <= 1)) {
            throw new IllegalArgumentException("mimic fraud share must be between 0 and 1: " + mimicFraud);
        }
        categoryMix = Map.copyOf(categoryMix);
    }

    /** The {@code kind} of drift with its default strength. */
    public static DemoDrift of(Kind kind) {
        return of(kind, DEFAULT_AMOUNT_FACTOR);
    }

    /** The {@code kind} of drift with amounts multiplied by {@code amountFactor} where the kind shifts amounts. */
    public static DemoDrift of(Kind kind, double amountFactor) {
        return new DemoDrift(kind, amountFactor, defaultCategoryMix(), DEFAULT_MIMIC_FRAUD);
    }

    /**
     * The legitimate category mix while categories drift: online retail, electronics and gift cards (the
     * categories fraud favours) about twice their training share, groceries and restaurants half of theirs.
     */
    public static Map<String, Double> defaultCategoryMix() {
        Map<String, Double> mix = new LinkedHashMap<>();
        mix.put("grocery", 0.13);
        mix.put("restaurants", 0.09);
        mix.put("online_retail", 0.34);
        mix.put("electronics", 0.14);
        mix.put("gift_cards", 0.10);
        return mix;
    }

    /** The world with this drift, continuing {@code world}'s simulation; {@code world} itself is unchanged. */
    public Transactions.Generator apply(Transactions.Generator world) {
        return switch (kind) {
            case AMOUNT -> world.withAmountShift(amountFactor);
            case CATEGORY -> world.withCategoryMix(categoryMix);
            case BOTH -> world.withAmountShift(amountFactor).withCategoryMix(categoryMix);
            case CONCEPT -> world.withMimicFraud(mimicFraud);
        };
    }

    /** What changes, in words, for the console. */
    public String describe() {
        String amount = String.format(Locale.ROOT, "amount x%s", trim(amountFactor));
        Map<String, Double> mix = new LinkedHashMap<>();
        Category.ALL.forEach(c -> mix.put(c.name(), c.weight()));
        mix.putAll(categoryMix);
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        String categories = "merchant categories shifted to " + mix.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey() + " " + Math.round(100 * e.getValue() / total) + "%")
                .collect(java.util.stream.Collectors.joining(", "));
        return switch (kind) {
            case AMOUNT -> amount;
            case CATEGORY -> categories;
            case BOTH -> amount + ", " + categories;
            case CONCEPT -> String.format(Locale.ROOT, "concept drift: %d%% of legitimate-looking payments are fraud",
                    Math.round(mimicFraud * 100));
        };
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

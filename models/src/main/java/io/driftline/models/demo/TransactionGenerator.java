package io.driftline.models.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The seeded payment generator behind {@link Transactions#generator(long)}. */
final class TransactionGenerator implements Transactions.Generator {

    private static final int CARDS = 300_000;
    // Relative payment volume per local hour: quiet nights, busy afternoons and evenings.
    private static final double[] HOURS = {0.6, 0.4, 0.3, 0.25, 0.25, 0.4, 1, 2, 3, 3.5, 4, 4.5, 5, 5, 4.5, 4.5,
        4.8, 5.2, 5.5, 5, 4, 3, 2, 1.2};
    private static final String[] COUNTRIES = {"US", "CA", "GB", "MX", "DE", "FR", "BR", "NG", "IN"};
    private static final double[] COUNTRY_WEIGHTS = {0.86, 0.04, 0.03, 0.02, 0.02, 0.015, 0.01, 0.0025, 0.0025};

    private final SplittableRandom random; // shared with "with" copies: they continue one stream
    private final double amountShift;
    private final List<Category> categories;
    private final double[] categoryWeights;

    TransactionGenerator(long seed) {
        this(new SplittableRandom(seed), 1.0, defaultMix());
    }

    private TransactionGenerator(SplittableRandom random, double amountShift, Map<String, Double> mix) {
        this.random = random;
        this.amountShift = amountShift;
        this.categories = new ArrayList<>();
        this.categoryWeights = new double[mix.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            categories.add(Category.byName(e.getKey()));
            categoryWeights[i++] = e.getValue();
        }
    }

    @Override
    public GenericRecord next(long eventTimeMillis) {
        Schema schema = Transactions.schema();
        Category category = categories.get(pick(categoryWeights));
        boolean present = random.nextDouble() < category.cardPresentRate();
        double amount = category.medianAmount() * Math.exp(category.amountSigma() * random.nextGaussian()) * amountShift;
        // Card present: near home; online: anywhere, with a long tail.
        double distance = present ? 4 * Math.exp(random.nextGaussian()) : 25 * Math.exp(1.5 * random.nextGaussian());
        GenericData.Record tx = new GenericData.Record(schema);
        tx.put("transactionId", uuid());
        tx.put("cardId", cardId());
        tx.put("amount", Math.max(0.01, Math.round(amount * 100) / 100.0));
        tx.put("merchantCategory", category.name());
        tx.put("hourOfDay", pick(HOURS));
        tx.put("distanceKm", Math.round(Math.min(distance, 15_000) * 10) / 10.0);
        tx.put("cardPresent", present);
        tx.put("country", COUNTRIES[pick(COUNTRY_WEIGHTS)]);
        tx.put("eventTime", eventTimeMillis);
        return tx;
    }

    @Override
    public Transactions.Generator withAmountShift(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("amount shift must be finite and > 0: " + factor);
        }
        return new TransactionGenerator(random, factor, currentMix());
    }

    @Override
    public Transactions.Generator withCategoryMix(Map<String, Double> weights) {
        Map<String, Double> mix = currentMix();
        weights.forEach((name, weight) -> {
            if (name == null || name.isBlank() || weight == null || !(weight >= 0) || weight.isInfinite()) {
                throw new IllegalArgumentException("category weight must be finite and >= 0: " + name + "=" + weight);
            }
            mix.put(name, weight);
        });
        if (mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("category weights must not all be zero: " + mix);
        }
        return new TransactionGenerator(random, amountShift, mix);
    }

    private static Map<String, Double> defaultMix() {
        Map<String, Double> mix = new LinkedHashMap<>();
        Category.ALL.forEach(c -> mix.put(c.name(), c.weight()));
        return mix;
    }

    private Map<String, Double> currentMix() {
        Map<String, Double> mix = new LinkedHashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            mix.put(categories.get(i).name(), categoryWeights[i]);
        }
        return mix;
    }

    private int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                target -= weights[i];
                if (target < 0) {
                    return i;
                }
            }
        }
        return last; // rounding left target at 0: the last category that can be drawn
    }

    private String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(3L << 62)) | (1L << 63); // IETF variant
        return new UUID(high, low).toString();
    }

    private String cardId() {
        // A few cards pay very often, most rarely: u^3 crowds the draws towards low ids.
        double u = random.nextDouble();
        int card = (int) (CARDS * u * u * u);
        String digits = Integer.toString(card);
        return "card-" + "000000".substring(digits.length()) + digits;
    }
}

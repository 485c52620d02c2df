package io.driftline.devkit.payments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * A {@link Transactions.Generator}: one view, with its drift knobs, of a {@link PaymentSimulation} that copies
 * made by {@link #withAmountShift}, {@link #withCategoryMix} and {@link #withMimicFraud} share, so they continue one stream.
 */
final class TransactionGenerator implements Transactions.Generator {

    /**
     * Drift knobs: amounts multiplied by {@code amountShift}; legitimate payments drawn from {@code categories}
     * with {@code weights}; {@code mimicFraud} of the payments that look legitimate are fraud (concept drift).
     */
    record Knobs(double amountShift, List<Category> categories, double[] weights, double mimicFraud) {

        static Knobs defaults() {
            Map<String, Double> mix = new LinkedHashMap<>();
            Category.ALL.forEach(c -> mix.put(c.name(), c.weight()));
            return of(1.0, mix, 0.0);
        }

        static Knobs of(double amountShift, Map<String, Double> mix, double mimicFraud) {
            List<Category> categories = new ArrayList<>();
            double[] weights = new double[mix.size()];
            int i = 0;
            for (Map.Entry<String, Double> e : mix.entrySet()) {
                categories.add(Category.byName(e.getKey()));
                weights[i++] = e.getValue();
            }
            return new Knobs(amountShift, List.copyOf(categories), weights, mimicFraud);
        }

        Map<String, Double> mix() {
            Map<String, Double> mix = new LinkedHashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                mix.put(categories.get(i).name(), weights[i]);
            }
            return mix;
        }
    }

    private final PaymentSimulation simulation;
    private final Knobs knobs;

    TransactionGenerator(PaymentSimulation simulation, Knobs knobs) {
        this.simulation = simulation;
        this.knobs = knobs;
    }

    @Override
    public Transactions.Payment nextPayment() {
        return simulation.next(knobs);
    }

    @Override
    public GenericRecord next(long eventTimeMillis) {
        GenericRecord tx = simulation.next(knobs).transaction();
        tx.put("eventTime", eventTimeMillis);
        return tx;
    }

    @Override
    public CardPopulation cards() {
        return simulation.cards();
    }

    @Override
    public Transactions.Generator withAmountShift(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("amount shift must be finite and > 0: " + factor);
        }
        return new TransactionGenerator(simulation, Knobs.of(factor, knobs.mix(), knobs.mimicFraud()));
    }

    @Override
    public Transactions.Generator withCategoryMix(Map<String, Double> weights) {
        Map<String, Double> mix = knobs.mix();
        weights.forEach((name, weight) -> {
            if (name == null || name.isBlank() || weight == null || !(weight >= 0) || weight.isInfinite()) {
                throw new IllegalArgumentException("category weight must be finite and >= 0: " + name + "=" + weight);
            }
            mix.put(name, weight);
        });
        if (mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("category weights must not all be zero: " + mix);
        }
        return new TransactionGenerator(simulation, Knobs.of(knobs.amountShift(), mix, knobs.mimicFraud()));
    }

    @Override
    public Transactions.Generator withMimicFraud(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("mimic fraud share must be between 0 and 1: " + share);
        }
        return new TransactionGenerator(simulation, Knobs.of(knobs.amountShift(), knobs.mix(), share));
    }
}

package io.driftline.models.demo;

import org.apache.avro.generic.GenericRecord;

/**
 * The demo's hidden ground truth: the log-odds of fraud from a transaction's fields, and a coin flip seeded by
 * the transaction id, so a transaction's label is random across transactions but fixed for each one (delayed
 * labels can be recomputed at any time). The model sees neither the country nor the log scale, so even a
 * perfect learner makes mistakes, as with real fraud.
 */
final class FraudRule {

    private static final double INTERCEPT = -6.3;

    private FraudRule() {
    }

    static boolean isFraud(GenericRecord tx) {
        return uniform(tx.get("transactionId").toString()) < probability(tx);
    }

    static double probability(GenericRecord tx) {
        double amount = ((Number) tx.get("amount")).doubleValue();
        int hour = ((Number) tx.get("hourOfDay")).intValue();
        double distance = ((Number) tx.get("distanceKm")).doubleValue();
        boolean present = (Boolean) tx.get("cardPresent");
        String country = tx.get("country").toString();
        double logOdds = INTERCEPT
                + Category.byName(tx.get("merchantCategory").toString()).risk()
                + 0.9 * Math.log(Math.max(amount, 1) / 60)
                + (hour < 6 ? 1.4 : 0)
                + 0.6 * Math.log1p(distance / 20)
                + (present ? 0 : 1.0)
                + (country.equals("US") || country.equals("CA") ? 0 : 0.8);
        return 1 / (1 + Math.exp(-logOdds));
    }

    /** A uniform number in [0, 1) fixed by the id: FNV-1a over its characters, then a SplitMix64 finaliser. */
    static double uniform(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}

package io.driftline.models.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's user data: card payments ({@code io.driftline.demo.Transaction}, see {@code demo/transaction.avsc}),
 * a seeded generator of realistic payments, and the hidden rule that makes some of them fraud.
 */
public final class Transactions {

    /** Merchant categories in the order of their fraud risk, lowest first. */
    public static final List<String> CATEGORIES = Category.ALL.stream().map(Category::name).toList();

    private static final Schema SCHEMA = load();

    private Transactions() {
    }

    /**
     * Generates payments. Not thread-safe. Drift knobs return a generator that continues this one's random
     * stream with other settings (this one keeps its own), so a running demo can switch mid-stream.
     */
    public interface Generator {

        /** The next payment, with the given event time. */
        GenericRecord next(long eventTimeMillis);

        /** Amounts multiplied by {@code factor} (> 0): 1.0 is the training distribution. */
        Generator withAmountShift(double factor);

        /**
         * Category shares overridden by {@code weights} (relative, >= 0); categories not named keep their
         * default weight. Names outside {@link #CATEGORIES} add categories that the demo model never saw.
         */
        Generator withCategoryMix(Map<String, Double> weights);
    }

    /** The Transaction schema. */
    public static Schema schema() {
        return SCHEMA;
    }

    /** A generator whose payments depend only on {@code seed}. */
    public static Generator generator(long seed) {
        return new TransactionGenerator(seed);
    }

    /**
     * The ground truth of the demo: whether a payment is fraud. Deterministic per transaction (the noise is
     * seeded by its id), so delayed labels can be produced at any time. About 3% of default payments are fraud.
     */
    public static boolean isFraud(GenericRecord transaction) {
        return FraudRule.isFraud(transaction);
    }

    private static Schema load() {
        try (InputStream in = Transactions.class.getResourceAsStream("/demo/transaction.avsc")) {
            if (in == null) {
                throw new IllegalStateException("demo/transaction.avsc is missing from the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo/transaction.avsc", e);
        }
    }
}

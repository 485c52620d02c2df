package io.driftline.devkit.payments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's user data: card payments ({@code io.driftline.demo.Transaction}, see {@code demo/transaction.avsc})
 * made by a {@link CardPopulation}, simulated in event time with fraud in bursts on compromised cards, and the
 * truth about each (fraud or not).
 *
 * <p>Fraud depends on context that no single payment shows: several payments of one card within minutes,
 * amounts high for the card's credit limit, payments far from its home country, young cards. A model sees it
 * through the card's profile and per-card window aggregates (see {@link DemoModel}).
 */
public final class Transactions {

    /** Merchant categories in the order of how much fraud favours them, least first. */
    public static final List<String> CATEGORIES = Category.ALL.stream().map(Category::name).toList();
    /** A card of average activity pays once per this many seconds of event time, on average. */
    public static final int MEAN_SECONDS_BETWEEN_PAYMENTS = 600;
    /** Cards of {@link #generator(long)}. */
    public static final int DEFAULT_CARDS = 2_000;
    /** Where the clock of {@link #generator(long)} starts: 2026-01-01T00:00Z, fixed so that runs repeat. */
    public static final long DEFAULT_START_MILLIS = 1_767_225_600_000L;

    private static final Schema SCHEMA = load();

    private Transactions() {
    }

    /**
     * One generated payment and the truth about it.
     *
     * @param transaction the event (Transaction schema); its eventTime is the simulation's
     * @param profile     the paying card's profile (CardProfile schema), a fresh record
     * @param fraud       whether a fraudster made it: the demo's ground truth, for labels and evaluation
     */
    public record Payment(GenericRecord transaction, GenericRecord profile, boolean fraud) {

        /** The paying card's id, the events' record key. */
        public String cardId() {
            return transaction.get("cardId").toString();
        }

        /** Event time in epoch milliseconds. */
        public long eventTime() {
            return (Long) transaction.get("eventTime");
        }
    }

    /**
     * Generates payments of a card population in event-time order. Not thread-safe. Drift knobs return a
     * generator that continues this one's simulation with other settings (this one keeps its own), so a running
     * demo can switch mid-stream.
     */
    public interface Generator {

        /** The next payment of the simulation; event times never decrease. */
        Payment nextPayment();

        /**
         * The next payment's event, with its eventTime replaced by {@code eventTimeMillis}. The payments still
         * follow the simulation's clock (which card pays, bursts): for window aggregates that mean what the model
         * learnt, use {@link #nextPayment()} and its event times.
         */
        GenericRecord next(long eventTimeMillis);

        /** The cards that pay. */
        CardPopulation cards();

        /** Amounts multiplied by {@code factor} (> 0): 1.0 is the training distribution. */
        Generator withAmountShift(double factor);

        /**
         * Category shares of legitimate payments overridden by {@code weights} (relative, >= 0); categories not
         * named keep their default weight. Names outside {@link #CATEGORIES} add categories that the demo model
         * never saw.
         */
        Generator withCategoryMix(Map<String, Double> weights);

        /**
         * Concept drift: {@code share} (0 to 1) of the payments that look legitimate are fraud, made by fraudsters
         * who copy the card holder's habits. The events keep their distribution; only the truth changes. 0 is the
         * training world.
         */
        Generator withMimicFraud(double share);
    }

    /** The Transaction schema. */
    public static Schema schema() {
        return SCHEMA;
    }

    /**
     * Payments of {@link #DEFAULT_CARDS} cards (a population from {@code seed}) from
     * {@link #DEFAULT_START_MILLIS} on; depends only on {@code seed}.
     */
    public static Generator generator(long seed) {
        return generator(CardPopulation.generate(seed, DEFAULT_CARDS), seed, DEFAULT_START_MILLIS);
    }

    /**
     * Payments of {@code cards} from {@code startMillis} on, about {@code cards.size()} /
     * {@value #MEAN_SECONDS_BETWEEN_PAYMENTS} a second of event time (3% more with fraud).
     */
    public static Generator generator(CardPopulation cards, long seed, long startMillis) {
        return new TransactionGenerator(new PaymentSimulation(cards, seed, startMillis),
                TransactionGenerator.Knobs.defaults());
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

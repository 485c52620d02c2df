package io.driftline.devkit.payments;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's world, simulated in event time: a card population paying, and fraudsters who compromise cards
 * and spend on them in bursts. Payments come out in event-time order.
 *
 * <p>Legitimate payments: each card pays as a Poisson process, on average once per
 * {@link Transactions#MEAN_SECONDS_BETWEEN_PAYMENTS} seconds scaled by its activity; mostly at home, in the
 * category mix, with amounts that fit the card's segment and stay under its credit limit.
 *
 * <p>Fraud: cards are compromised at random ({@link #COMPROMISES_PER_PAYMENT} per legitimate payment, young and
 * platinum cards more often). A compromise is a burst of 1 to 10 payments (3.5 on average) about
 * {@link #BURST_GAP_MS} ms apart, from one place (half of them abroad) at one hour (often at night), mostly
 * without the card, in gift cards, electronics and online shops, for a sizeable part of the credit limit; half
 * of the longer bursts open with a small test charge. So fraud shows in the context more than in any one field:
 * several payments of the card within minutes, amounts high for its limit, far from its home country.
 *
 * <p>Concept drift ({@link TransactionGenerator#withMimicFraud}): a share of the payments drawn as legitimate are
 * fraud made to look like the holder's own (account takeover), so the features keep their distribution while
 * the truth, and so the model's error, changes.
 *
 * <p>Not thread-safe. Generators with other drift knobs share one simulation (see {@link TransactionGenerator}).
 */
final class PaymentSimulation {

    /** Compromises per legitimate payment: about 3% of all payments are fraud. */
    static final double COMPROMISES_PER_PAYMENT = 0.009;
    /** Mean gap between the payments of one burst. */
    static final double BURST_GAP_MS = 40_000;
    private static final double SINGLE_PAYMENT_BURSTS = 0.3;
    private static final int MAX_BURST = 10;
    private static final double ABROAD_BURSTS = 0.5;
    private static final double FRAUD_CARD_PRESENT = 0.35;
    // Relative payment volume per local hour: quiet nights, busy afternoons and evenings; fraud flatter.
    private static final double[] HOURS = {0.6, 0.4, 0.3, 0.25, 0.25, 0.4, 1, 2, 3, 3.5, 4, 4.5, 5, 5, 4.5, 4.5,
        4.8, 5.2, 5.5, 5, 4, 3, 2, 1.2};
    private static final double[] FRAUD_HOURS = {2, 2, 2, 2, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 2.5, 2.5};
    private static final double[] FRAUD_CATEGORIES = Category.ALL.stream().mapToDouble(Category::fraudWeight).toArray();
    private static final int TEST_CHARGE_CATEGORY = Category.ALL.indexOf(Category.byName("online_retail"));

    /** A compromise: which card, spent from where and when, how many payments. */
    private record Burst(int card, int country, int hour, int size, boolean testCharge) {
    }

    /** A fraudulent payment due at {@code due}; {@code sequence} keeps ties in scheduling order. */
    private record Due(long due, long sequence, Burst burst, int position) {
    }

    private final CardPopulation cards;
    private final SplittableRandom random;
    private final double arrivalGapMs; // mean gap between legitimate payments and compromises, all cards
    private final double compromiseShare;
    private final PriorityQueue<Due> fraudDue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private double nextArrival;
    private long sequence;

    PaymentSimulation(CardPopulation cards, long seed, long startMillis) {
        this.cards = cards;
        this.random = new SplittableRandom(seed);
        double legitPerMs = cards.size() / (Transactions.MEAN_SECONDS_BETWEEN_PAYMENTS * 1_000.0);
        this.arrivalGapMs = 1 / (legitPerMs * (1 + COMPROMISES_PER_PAYMENT));
        this.compromiseShare = COMPROMISES_PER_PAYMENT / (1 + COMPROMISES_PER_PAYMENT);
        this.nextArrival = startMillis + CardPopulation.exponential(random, arrivalGapMs);
    }

    CardPopulation cards() {
        return cards;
    }

    /** The next payment in event-time order. */
    Transactions.Payment next(TransactionGenerator.Knobs knobs) {
        Due due = fraudDue.peek();
        if (due != null && due.due() <= nextArrival) {
            fraudDue.poll();
            return fraud(due.burst(), due.position(), due.due(), knobs);
        }
        long now = (long) nextArrival;
        nextArrival += CardPopulation.exponential(random, arrivalGapMs);
        if (random.nextDouble() < compromiseShare) {
            Burst burst = compromise();
            long at = now;
            for (int position = 1; position < burst.size(); position++) {
                at += 1_000 + (long) CardPopulation.exponential(random, BURST_GAP_MS - 1_000);
                fraudDue.add(new Due(at, sequence++, burst, position));
            }
            return fraud(burst, 0, now, knobs);
        }
        return legit(cards.drawByActivity(random), now, knobs);
    }

    private Burst compromise() {
        int card = cards.drawByRisk(random);
        int size = random.nextDouble() < SINGLE_PAYMENT_BURSTS ? 1 : Math.min(MAX_BURST, 2 + poisson(2.5));
        int country = random.nextDouble() < ABROAD_BURSTS ? abroad(cards.homeCountry(card)) : cards.homeCountry(card);
        return new Burst(card, country, CardPopulation.pick(random, FRAUD_HOURS), size,
                size >= 3 && random.nextBoolean());
    }

    private Transactions.Payment legit(int card, long eventTime, TransactionGenerator.Knobs knobs) {
        Category category = knobs.categories().get(CardPopulation.pick(random, knobs.weights()));
        Segment segment = cards.segment(card);
        boolean present = random.nextDouble() < category.cardPresentRate();
        double amount = Math.min(0.9 * cards.creditLimit(card), category.medianAmount() * segment.spendFactor()
                * Math.exp(category.amountSigma() * random.nextGaussian()));
        boolean abroad = random.nextDouble() < (category.name().equals("travel") ? 0.35 : 0.02);
        int country = abroad ? abroad(cards.homeCountry(card)) : cards.homeCountry(card);
        // Concept drift: fraudsters who copy the holder's habits, so the payment looks legitimate in every field.
        // The draw is made only when the knob is on, so that a run without it repeats the stream of earlier ones.
        boolean mimic = knobs.mimicFraud() > 0 && random.nextDouble() < knobs.mimicFraud();
        return payment(card, eventTime, mimic, amount * knobs.amountShift(), category.name(),
                CardPopulation.pick(random, HOURS), present, country);
    }

    private Transactions.Payment fraud(Burst burst, int position, long eventTime, TransactionGenerator.Knobs knobs) {
        boolean test = burst.testCharge() && position == 0;
        Category category = Category.ALL.get(test ? TEST_CHARGE_CATEGORY : CardPopulation.pick(random, FRAUD_CATEGORIES));
        double limit = cards.creditLimit(burst.card());
        double amount = test ? 0.5 + 3.5 * random.nextDouble()
                : Math.min(0.95 * limit, Math.max(5, 0.1 * limit * Math.exp(0.8 * random.nextGaussian())));
        boolean present = !test && random.nextDouble() < FRAUD_CARD_PRESENT;
        return payment(burst.card(), eventTime, true, amount * knobs.amountShift(), category.name(), burst.hour(),
                present, burst.country());
    }

    private Transactions.Payment payment(int card, long eventTime, boolean fraud, double amount, String category,
                                         int hour, boolean present, int country) {
        boolean abroad = country != cards.homeCountry(card);
        // Distance from the holder's home: card present at home is near; online anywhere in the country; abroad far.
        double distance = abroad ? 300 + 1_500 * Math.exp(0.7 * random.nextGaussian())
                : present ? 4 * Math.exp(random.nextGaussian()) : Math.min(2_500, 25 * Math.exp(1.5 * random.nextGaussian()));
        GenericData.Record tx = new GenericData.Record(Transactions.schema());
        tx.put("transactionId", uuid());
        tx.put("cardId", cards.cardId(card));
        tx.put("amount", Math.max(0.01, Math.round(amount * 100) / 100.0));
        tx.put("merchantCategory", category);
        tx.put("hourOfDay", hour);
        tx.put("distanceKm", Math.round(Math.min(distance, 15_000) * 10) / 10.0);
        tx.put("cardPresent", present);
        tx.put("country", CardPopulation.COUNTRIES[country]);
        tx.put("eventTime", eventTime);
        GenericRecord profile = cards.profile(card);
        return new Transactions.Payment(tx, profile, fraud);
    }

    /** A country other than {@code home}, in proportion to how common it is as a home. */
    private int abroad(int home) {
        double[] weights = CardPopulation.HOME_WEIGHTS.clone();
        weights[home] = 0;
        return CardPopulation.pick(random, weights);
    }

    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(3L << 62)) | (1L << 63); // IETF variant
        return new UUID(high, low).toString();
    }
}

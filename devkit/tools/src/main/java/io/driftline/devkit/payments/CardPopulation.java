package io.driftline.devkit.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's cards and their profiles ({@code io.driftline.demo.CardProfile}): the reference data that the
 * demo publishes, keyed by card id, to the entity-profiles topic, and that the demo model reads as
 * {@code profile.creditLimit} and {@code profile.cardAgeDays}. Deterministic by seed; immutable.
 *
 * <p>Card ids are {@code card-000000} up to {@code card-<size - 1>}: populations of other seeds reuse the ids
 * with other profiles. Segments (student, standard, gold, platinum, business) set the credit limit, how much
 * and how often a card pays, and how attractive it is to fraudsters; about 8% of cards are younger than 90
 * days, and young cards are six times as likely to be compromised.
 */
public final class CardPopulation {

    /** Most cards a population may hold. */
    public static final int MAX_SIZE = 1_000_000;

    static final String[] COUNTRIES = {"US", "CA", "GB", "MX", "DE", "FR", "BR", "IN"};
    static final double[] HOME_WEIGHTS = {0.80, 0.05, 0.04, 0.03, 0.03, 0.02, 0.015, 0.015};
    private static final double YOUNG_SHARE = 0.08;
    private static final int YOUNG_DAYS = 90;
    private static final double YOUNG_RISK = 6;

    private static final Schema SCHEMA = SchemaBuilder.record("CardProfile").namespace("io.driftline.demo")
            .doc("A card's reference data, as the card issuer publishes it to the entity-profiles topic, keyed by cardId.")
            .fields()
            .name("cardId").doc("Id of the card, e.g. 'card-004711'; the record key.").type().stringType().noDefault()
            .name("creditLimit").doc("Credit limit of the card, in US dollars.").type().doubleType().noDefault()
            .name("cardAgeDays").doc("Days since the card was issued.").type().intType().noDefault()
            .name("homeCountry").doc("ISO 3166-1 alpha-2 country of the card holder's home.").type().stringType().noDefault()
            .name("segment").doc("Customer segment: student, standard, gold, platinum or business.")
            .type().stringType().noDefault()
            .endRecord();

    private final double[] creditLimit;
    private final int[] ageDays;
    private final byte[] home;
    private final byte[] segment;
    private final double[] activity; // relative payment rate, mean 1 over the population
    private final double[] cumulativeActivity;
    private final double[] cumulativeRisk;

    private CardPopulation(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        creditLimit = new double[size];
        ageDays = new int[size];
        home = new byte[size];
        segment = new byte[size];
        activity = new double[size];
        double[] shares = Segment.ALL.stream().mapToDouble(Segment::share).toArray();
        double totalActivity = 0;
        for (int i = 0; i < size; i++) {
            Segment s = Segment.ALL.get(pick(random, shares));
            segment[i] = (byte) Segment.ALL.indexOf(s);
            creditLimit[i] = Math.max(300, Math.round(s.medianLimit() * Math.exp(0.35 * random.nextGaussian()) / 100) * 100.0);
            ageDays[i] = random.nextDouble() < YOUNG_SHARE
                    ? 1 + (int) Math.min(YOUNG_DAYS - 2, exponential(random, 30))
                    : YOUNG_DAYS + (int) Math.min(9_000, exponential(random, 1_200));
            home[i] = (byte) pick(random, HOME_WEIGHTS);
            activity[i] = s.activity() * Math.exp(0.5 * random.nextGaussian() - 0.125);
            totalActivity += activity[i];
        }
        cumulativeActivity = new double[size];
        cumulativeRisk = new double[size];
        double activitySum = 0;
        double riskSum = 0;
        for (int i = 0; i < size; i++) {
            activity[i] *= size / totalActivity;
            activitySum += activity[i];
            cumulativeActivity[i] = activitySum;
            riskSum += Segment.ALL.get(segment[i]).compromiseRisk() * (ageDays[i] < YOUNG_DAYS ? YOUNG_RISK : 1);
            cumulativeRisk[i] = riskSum;
        }
    }

    /**
     * A population of {@code size} cards that depends only on {@code seed}.
     *
     * @throws IllegalArgumentException when size is not between 1 and {@link #MAX_SIZE}
     */
    public static CardPopulation generate(long seed, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a card population has 1 to " + MAX_SIZE + " cards: " + size);
        }
        return new CardPopulation(size, seed);
    }

    /**
     * How many cards make {@code eventsPerSecond} payments a second when each card pays, on average, once per
     * {@link Transactions#MEAN_SECONDS_BETWEEN_PAYMENTS} seconds, as in the demo model's training data: so that
     * the window aggregates (payments of a card in the last ten minutes) look the same at any rate. At most
     * {@link #MAX_SIZE}; above that rate cards pay more often than in training.
     */
    public static int sizeForRate(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("events per second must be finite and > 0: " + eventsPerSecond);
        }
        return (int) Math.max(1, Math.min(MAX_SIZE, Math.round(eventsPerSecond * Transactions.MEAN_SECONDS_BETWEEN_PAYMENTS)));
    }

    /** The CardProfile schema; every field documented. */
    public static Schema schema() {
        return SCHEMA;
    }

    /** Number of cards. */
    public int size() {
        return creditLimit.length;
    }

    /** The id of card {@code index}: {@code card-} and six digits. */
    public String cardId(int index) {
        return cardIdOf(index);
    }

    /** The profile of card {@code index}, a fresh record. */
    public GenericRecord profile(int index) {
        GenericData.Record profile = new GenericData.Record(SCHEMA);
        profile.put("cardId", cardIdOf(index));
        profile.put("creditLimit", creditLimit[index]);
        profile.put("cardAgeDays", ageDays[index]);
        profile.put("homeCountry", COUNTRIES[home[index]]);
        profile.put("segment", Segment.ALL.get(segment[index]).name());
        return profile;
    }

    /** Every profile, in card order. */
    public List<GenericRecord> profiles() {
        List<GenericRecord> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(profile(i));
        }
        return out;
    }

    static String cardIdOf(int index) {
        String digits = Integer.toString(index);
        return digits.length() >= 6 ? "card-" + digits : "card-" + "000000".substring(digits.length()) + digits;
    }

    double creditLimit(int index) {
        return creditLimit[index];
    }

    int homeCountry(int index) {
        return home[index];
    }

    Segment segment(int index) {
        return Segment.ALL.get(segment[index]);
    }

    /** The card's payment rate relative to the mean card. */
    double activity(int index) {
        return activity[index];
    }

    /** A card drawn in proportion to how often it pays. */
    int drawByActivity(SplittableRandom random) {
        return draw(cumulativeActivity, random);
    }

    /** A card drawn in proportion to its risk of being compromised. */
    int drawByRisk(SplittableRandom random) {
        return draw(cumulativeRisk, random);
    }

    private static int draw(double[] cumulative, SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) { // the first index whose cumulative weight exceeds the target
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > target) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    static int pick(SplittableRandom random, double[] weights) {
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
        return last; // rounding left target at 0: the last entry that can be drawn
    }

    static double exponential(SplittableRandom random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }
}

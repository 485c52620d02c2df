package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    @Test
    void shouldDescribeEveryFieldOfTheSchema() {
        Schema schema = Transactions.schema();

        assertThat(schema.getFullName()).isEqualTo("io.driftline.demo.Transaction");
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("transactionId", "cardId",
                "amount", "merchantCategory", "hourOfDay", "distanceKm", "cardPresent", "country", "eventTime");
        assertThat(schema.getFields()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
        assertThat(schema.getField("eventTime").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void shouldGenerateValidSerialisableRecords() throws Exception {
        GenericRecord tx = Transactions.generator(1).next(1_700_000_000_000L);

        assertThat(GenericData.get().validate(Transactions.schema(), tx)).isTrue();
        assertThat(tx.get("eventTime")).isEqualTo(1_700_000_000_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(Transactions.schema()).write(tx, encoder);
        encoder.flush();
        assertThat(out.size()).isGreaterThan(50);
    }

    @Test
    void shouldRepeatTheSameStreamForTheSameSeed() {
        Transactions.Generator a = Transactions.generator(42);
        Transactions.Generator b = Transactions.generator(42);
        Transactions.Generator c = Transactions.generator(43);

        for (int i = 0; i < 100; i++) {
            GenericRecord fromA = a.next(i);
            assertThat(fromA).isEqualTo(b.next(i));
            assertThat(fromA).isNotEqualTo(c.next(i));
        }
    }

    @Test
    void shouldLookLikeRealPaymentsOfAFixedPopulation() {
        List<GenericRecord> sample = sample(Transactions.generator(7), 20_000);
        double[] amounts = sample.stream().mapToDouble(tx -> (Double) tx.get("amount")).sorted().toArray();
        Set<Object> cards = new HashSet<>();
        Set<Object> ids = new HashSet<>();
        Map<Object, Integer> categories = new HashMap<>();
        int night = 0;
        for (GenericRecord tx : sample) {
            cards.add(tx.get("cardId"));
            ids.add(tx.get("transactionId"));
            categories.merge(tx.get("merchantCategory"), 1, Integer::sum);
            night += (Integer) tx.get("hourOfDay") < 6 ? 1 : 0;
        }
        double mean = Arrays.stream(amounts).average().orElseThrow();
        double median = amounts[amounts.length / 2];

        assertThat(mean).as("log-normal amounts are right-skewed").isGreaterThan(1.5 * median);
        assertThat(amounts[0]).isPositive();
        assertThat(ids).hasSize(sample.size());
        assertThat(cards.size()).as("2,000 cards paying ten times each on average").isBetween(1_950, 2_000);
        assertThat(cards).allMatch(id -> id.toString().matches("card-00[01][0-9]{3}"));
        assertThat(categories.keySet()).containsExactlyInAnyOrderElementsOf(Transactions.CATEGORIES);
        assertThat((double) night / sample.size()).isBetween(0.01, 0.10);
    }

    @Test
    void shouldSimulateEventTimeInOrderAtThePopulationsPace() {
        CardPopulation cards = CardPopulation.generate(3, 6_000);
        Transactions.Generator generator = Transactions.generator(cards, 3, 1_000_000L);

        List<Transactions.Payment> payments = payments(generator, 20_000);

        long previous = 0;
        for (Transactions.Payment p : payments) {
            assertThat(p.eventTime()).isGreaterThanOrEqualTo(previous);
            assertThat(p.profile().get("cardId")).isEqualTo(p.cardId());
            previous = p.eventTime();
        }
        assertThat(payments.get(0).eventTime()).isGreaterThanOrEqualTo(1_000_000L);
        double seconds = (previous - 1_000_000L) / 1_000.0;
        double expected = 6_000.0 / Transactions.MEAN_SECONDS_BETWEEN_PAYMENTS; // legitimate payments per second
        assertThat(payments.size() / seconds).as("payments per second").isBetween(expected, expected * 1.08);
    }

    @Test
    void shouldMakeAFewPercentFraudMostlyInBurstsOnOneCard() {
        List<Transactions.Payment> payments = payments(Transactions.generator(3), 40_000);

        long frauds = payments.stream().filter(Transactions.Payment::fraud).count();
        Map<String, List<Long>> fraudTimes = new HashMap<>();
        int fraudAfterFraud = 0;
        for (Transactions.Payment p : payments) {
            if (p.fraud()) {
                List<Long> times = fraudTimes.computeIfAbsent(p.cardId(), k -> new ArrayList<>());
                if (!times.isEmpty() && p.eventTime() - times.get(times.size() - 1) < 600_000) {
                    fraudAfterFraud++;
                }
                times.add(p.eventTime());
            }
        }

        assertThat((double) frauds / payments.size()).isBetween(0.02, 0.045);
        assertThat((double) fraudAfterFraud / frauds).as("fraud within ten minutes of fraud on the same card")
                .isBetween(0.55, 0.85);
    }

    @Test
    void shouldMakeFraudStandOutInContextRatherThanInOneField() {
        List<Transactions.Payment> payments = payments(Transactions.generator(4), 40_000);
        List<Double> fraudShare = new ArrayList<>();
        List<Double> legitShare = new ArrayList<>();
        int fraudAbroad = 0;
        int legitAbroad = 0;
        int fraudYoung = 0;
        int legitYoung = 0;
        for (Transactions.Payment p : payments) {
            double share = (Double) p.transaction().get("amount") / (Double) p.profile().get("creditLimit");
            boolean abroad = !p.transaction().get("country").equals(p.profile().get("homeCountry"));
            boolean young = (Integer) p.profile().get("cardAgeDays") < 90;
            (p.fraud() ? fraudShare : legitShare).add(share);
            fraudAbroad += p.fraud() && abroad ? 1 : 0;
            legitAbroad += !p.fraud() && abroad ? 1 : 0;
            fraudYoung += p.fraud() && young ? 1 : 0;
            legitYoung += !p.fraud() && young ? 1 : 0;
        }
        int frauds = fraudShare.size();
        int legits = legitShare.size();

        assertThat(median(fraudShare)).as("median share of the credit limit, fraud")
                .isGreaterThan(5 * median(legitShare));
        assertThat((double) fraudAbroad / frauds).isBetween(0.35, 0.65);
        assertThat((double) legitAbroad / legits).isBetween(0.01, 0.08);
        assertThat((double) fraudYoung / frauds).as("young cards among fraud")
                .isGreaterThan(3.0 * legitYoung / legits);
    }

    @Test
    void shouldStampTheGivenEventTime() {
        Transactions.Generator generator = Transactions.generator(8);

        assertThat(generator.next(42L).get("eventTime")).isEqualTo(42L);
        assertThat(generator.next(7L).get("eventTime")).isEqualTo(7L);
    }

    @Test
    void shouldShiftAmounts() {
        double base = meanAmount(Transactions.generator(5));
        double shifted = meanAmount(Transactions.generator(5).withAmountShift(2.0));

        assertThat(shifted / base).isBetween(1.9, 2.1);
    }

    @Test
    void shouldChangeTheCategoryMixAndAllowNewCategories() {
        Transactions.Generator generator = Transactions.generator(5).withCategoryMix(Map.of("gift_cards", 5.0,
                "crypto", 1.0));

        Map<Object, Long> counts = new HashMap<>();
        sample(generator, 10_000).forEach(tx -> counts.merge(tx.get("merchantCategory"), 1L, Long::sum));

        assertThat(counts.get("gift_cards")).as("5 of 6.95 of the legitimate weight").isBetween(6_500L, 7_500L);
        assertThat(counts.get("crypto")).isBetween(1_000L, 2_000L);
        assertThat(counts).containsKey("grocery");
    }

    @Test
    void shouldContinueTheSameRandomStreamInDriftedCopies() {
        Transactions.Generator original = Transactions.generator(9);
        Transactions.Generator drifted = original.withAmountShift(1.0);
        Transactions.Generator reference = Transactions.generator(9);

        GenericRecord fromDrifted = drifted.next(0);
        GenericRecord fromOriginal = original.next(0); // the original keeps its settings and shares the stream

        assertThat(fromDrifted).isEqualTo(reference.next(0));
        assertThat(fromOriginal).isEqualTo(reference.next(0));
    }

    @Test
    void shouldRefuseMeaninglessKnobs() {
        Transactions.Generator generator = Transactions.generator(1);

        assertThatThrownBy(() -> generator.withAmountShift(0)).hasMessageContaining("amount shift must be finite and > 0: 0.0");
        assertThatThrownBy(() -> generator.withCategoryMix(Map.of("fuel", -1.0))).hasMessageContaining("fuel=-1.0");
        Map<String, Double> none = new HashMap<>();
        Transactions.CATEGORIES.forEach(c -> none.put(c, 0.0));
        assertThatThrownBy(() -> generator.withCategoryMix(none)).hasMessageContaining("must not all be zero");
    }

    private static List<Transactions.Payment> payments(Transactions.Generator generator, int n) {
        List<Transactions.Payment> payments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            payments.add(generator.nextPayment());
        }
        return payments;
    }

    private static double median(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray()[values.size() / 2];
    }

    private static double meanAmount(Transactions.Generator generator) {
        return sample(generator, 20_000).stream().mapToDouble(tx -> (Double) tx.get("amount")).average().orElseThrow();
    }

    private static List<GenericRecord> sample(Transactions.Generator generator, int n) {
        List<GenericRecord> sample = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sample.add(generator.next(1_000L * i));
        }
        return sample;
    }
}

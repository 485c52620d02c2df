package io.driftline.models.demo;

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
    void shouldLookLikeRealPayments() {
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
        assertThat(cards.size()).as("a few heavy cards, many light ones").isBetween(5_000, 19_000);
        assertThat(categories.keySet()).containsExactlyInAnyOrderElementsOf(Transactions.CATEGORIES);
        assertThat((double) night / sample.size()).isBetween(0.01, 0.10);
    }

    @Test
    void shouldMakeAFewPercentFraudDeterministically() {
        List<GenericRecord> sample = sample(Transactions.generator(3), 20_000);

        long frauds = sample.stream().filter(Transactions::isFraud).count();
        List<Boolean> first = sample.stream().map(Transactions::isFraud).toList();

        assertThat((double) frauds / sample.size()).isBetween(0.02, 0.05);
        assertThat(sample.stream().map(Transactions::isFraud).toList()).isEqualTo(first);
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

        assertThat(counts.get("gift_cards")).isGreaterThan(7_000);
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

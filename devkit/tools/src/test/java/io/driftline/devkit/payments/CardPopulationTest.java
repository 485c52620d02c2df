package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class CardPopulationTest {

    @Test
    void shouldDescribeEveryFieldOfTheProfileSchema() {
        Schema schema = CardPopulation.schema();

        assertThat(schema.getFullName()).isEqualTo("io.driftline.demo.CardProfile");
        assertThat(schema.getFields()).extracting(Schema.Field::name)
                .containsExactly("cardId", "creditLimit", "cardAgeDays", "homeCountry", "segment");
        assertThat(schema.getFields()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
        assertThat(schema.getDoc()).isNotBlank();
    }

    @Test
    void shouldMakeValidSerialisableProfilesWithTheirCardIds() throws Exception {
        CardPopulation cards = CardPopulation.generate(1, 100);

        for (int i = 0; i < cards.size(); i++) {
            GenericRecord profile = cards.profile(i);
            assertThat(GenericData.get().validate(CardPopulation.schema(), profile)).isTrue();
            assertThat(profile.get("cardId")).isEqualTo(cards.cardId(i));
        }
        assertThat(cards.cardId(7)).isEqualTo("card-000007");
        assertThat(CardPopulation.cardIdOf(123_456)).isEqualTo("card-123456");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(CardPopulation.schema()).write(cards.profile(0), encoder);
        encoder.flush();
        assertThat(out.size()).isGreaterThan(20);
        assertThat(cards.profiles()).hasSize(100).extracting(p -> p.get("cardId").toString()).doesNotHaveDuplicates();
    }

    @Test
    void shouldDependOnlyOnTheSeed() {
        List<GenericRecord> a = CardPopulation.generate(42, 500).profiles();
        List<GenericRecord> b = CardPopulation.generate(42, 500).profiles();
        List<GenericRecord> c = CardPopulation.generate(43, 500).profiles();

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(c.get(0).get("cardId")).isEqualTo(a.get(0).get("cardId")); // same ids, other profiles
    }

    @Test
    void shouldLookLikeACardPortfolio() {
        CardPopulation cards = CardPopulation.generate(7, 20_000);
        Map<String, Integer> segments = new HashMap<>();
        Map<String, Double> limitSums = new HashMap<>();
        int young = 0;
        int us = 0;
        Set<Object> countries = new HashSet<>();
        for (GenericRecord p : cards.profiles()) {
            String segment = p.get("segment").toString();
            segments.merge(segment, 1, Integer::sum);
            limitSums.merge(segment, (Double) p.get("creditLimit"), Double::sum);
            young += (Integer) p.get("cardAgeDays") < 90 ? 1 : 0;
            us += p.get("homeCountry").equals("US") ? 1 : 0;
            countries.add(p.get("homeCountry"));
            assertThat((Double) p.get("creditLimit")).isGreaterThanOrEqualTo(300).matches(l -> l % 100 == 0);
            assertThat((Integer) p.get("cardAgeDays")).isPositive();
        }

        assertThat(segments.keySet()).containsExactlyInAnyOrder("student", "standard", "gold", "platinum", "business");
        assertThat(segments.get("standard") / 20_000.0).isBetween(0.49, 0.55);
        Map<String, Double> meanLimit = new HashMap<>();
        limitSums.forEach((s, sum) -> meanLimit.put(s, sum / segments.get(s)));
        assertThat(meanLimit.get("student")).isLessThan(meanLimit.get("standard"));
        assertThat(meanLimit.get("standard")).isLessThan(meanLimit.get("gold"));
        assertThat(meanLimit.get("gold")).isLessThan(meanLimit.get("platinum"));
        assertThat(young / 20_000.0).isBetween(0.07, 0.09);
        assertThat(us / 20_000.0).isBetween(0.78, 0.82);
        assertThat(countries).hasSize(8);
    }

    @Test
    void shouldSizeThePopulationSoThatCardsPayAtTheTrainingPace() {
        assertThat(CardPopulation.sizeForRate(200)).isEqualTo(120_000);
        assertThat(CardPopulation.sizeForRate(100)).isEqualTo(60_000);
        assertThat(CardPopulation.sizeForRate(0.001)).isEqualTo(1);
        assertThat(CardPopulation.sizeForRate(1e6)).isEqualTo(CardPopulation.MAX_SIZE);
        assertThatThrownBy(() -> CardPopulation.sizeForRate(0)).hasMessageContaining("finite and > 0: 0.0");
        assertThatThrownBy(() -> CardPopulation.sizeForRate(Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void shouldRefuseEmptyOrHugePopulations() {
        assertThatThrownBy(() -> CardPopulation.generate(1, 0)).hasMessageContaining("1 to 1000000 cards: 0");
        assertThatThrownBy(() -> CardPopulation.generate(1, 1_000_001)).hasMessageContaining(": 1000001");
    }

    @Test
    void shouldDrawActiveAndRiskyCardsMoreOften() {
        CardPopulation cards = CardPopulation.generate(9, 1_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int[] byActivity = new int[cards.size()];
        int youngByRisk = 0;
        for (int i = 0; i < 200_000; i++) {
            byActivity[cards.drawByActivity(random)]++;
            youngByRisk += (Integer) cards.profile(cards.drawByRisk(random)).get("cardAgeDays") < 90 ? 1 : 0;
        }
        int busiest = 0;
        int quietest = 0;
        for (int i = 1; i < cards.size(); i++) {
            busiest = cards.activity(i) > cards.activity(busiest) ? i : busiest;
            quietest = cards.activity(i) < cards.activity(quietest) ? i : quietest;
        }

        assertThat(byActivity[busiest]).isGreaterThan(3 * byActivity[quietest]);
        assertThat(youngByRisk / 200_000.0).as("young cards among compromises").isGreaterThan(0.25);
    }
}

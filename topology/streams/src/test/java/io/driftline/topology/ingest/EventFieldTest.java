package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class EventFieldTest {

    private static final Schema CARD = SchemaBuilder.record("Card").fields()
            .requiredString("id").optionalString("country").endRecord();
    private static final Schema PAYMENT = SchemaBuilder.record("Payment").fields()
            .requiredDouble("amount")
            .name("card").type().optional().type(CARD)
            .name("tags").type().map().values().stringType().noDefault()
            .endRecord();
    /** The same fields in another order: a second writer schema, where each field sits elsewhere. */
    private static final Schema PAYMENT_V2 = SchemaBuilder.record("Payment").fields()
            .name("tags").type().map().values().stringType().noDefault()
            .name("card").type().optional().type(CARD)
            .requiredString("merchant")
            .requiredDouble("amount")
            .endRecord();

    private static GenericRecord payment(Schema schema, double amount, String cardId, Map<?, ?> tags) {
        GenericData.Record p = new GenericData.Record(schema);
        p.put("amount", amount);
        if (cardId != null) {
            GenericData.Record card = new GenericData.Record(CARD);
            card.put("id", cardId);
            p.put("card", card);
        }
        p.put("tags", tags);
        if (schema.getField("merchant") != null) {
            p.put("merchant", "m-1");
        }
        return p;
    }

    @Test
    void shouldReadTopLevelAndNestedFieldsAndMapValuesByTheirText() {
        GenericRecord p = payment(PAYMENT, 12.5, "c-7", Map.of(new Utf8("channel"), new Utf8("web")));

        assertThat(EventField.of("amount").get(p)).isEqualTo(12.5);
        assertThat(EventField.of("card.id").get(p)).isEqualTo("c-7");
        assertThat(EventField.of("tags.channel").get(p)).hasToString("web");
        assertThat(EventField.of("tags.channel").get(payment(PAYMENT, 1, null, Map.of("channel", "pos"))))
                .isEqualTo("pos");
    }

    @Test
    void shouldGiveNullForAbsentNullOrUnwalkableSteps() {
        GenericRecord noCard = payment(PAYMENT, 3, null, Map.of());

        assertThat(EventField.of("card.id").get(noCard)).as("a null record on the way").isNull();
        assertThat(EventField.of("card.country").get(payment(PAYMENT, 3, "c-1", Map.of()))).isNull();
        assertThat(EventField.of("nope").get(noCard)).isNull();
        assertThat(EventField.of("tags.nope").get(noCard)).isNull();
        assertThat(EventField.of("amount.cents").get(noCard)).as("into a number").isNull();
        assertThat(EventField.of("card..id").get(payment(PAYMENT, 3, "c-1", Map.of()))).isNull();
        assertThat(EventField.of("").get(noCard)).isNull();
        assertThat(EventField.of("amount").get(null)).isNull();
    }

    @Test
    void shouldFollowEachFieldToItsPositionInEverySchemaOneCompiledPathSees() {
        EventField amount = EventField.of("amount");
        EventField cardId = EventField.of("card.id");
        EventField merchant = EventField.of("merchant");

        for (int i = 0; i < 3; i++) { // alternating schemas: the cached position of one must not serve the other
            assertThat(amount.get(payment(PAYMENT, 10 + i, "a" + i, Map.of()))).isEqualTo(10.0 + i);
            assertThat(amount.get(payment(PAYMENT_V2, 20 + i, "b" + i, Map.of()))).isEqualTo(20.0 + i);
            assertThat(cardId.get(payment(PAYMENT_V2, 0, "b" + i, Map.of()))).isEqualTo("b" + i);
            assertThat(cardId.get(payment(PAYMENT, 0, "a" + i, Map.of()))).isEqualTo("a" + i);
            assertThat(merchant.get(payment(PAYMENT_V2, 0, "b", Map.of()))).isEqualTo("m-1");
            assertThat(merchant.get(payment(PAYMENT, 0, "a", Map.of()))).as("absent from the first schema").isNull();
        }
    }

    @Test
    void shouldEqualAnotherPathOfTheSameText() {
        assertThat(EventField.of("card.id")).isEqualTo(EventField.of("card.id")).hasToString("card.id")
                .isNotEqualTo(EventField.of("card.country"));
        assertThat(EventField.of("card.id")).hasSameHashCodeAs(EventField.of("card.id"));
    }
}

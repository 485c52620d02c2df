package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class InputEventTest {

    private static final Schema EVENT = SchemaBuilder.record("Payment").fields()
            .requiredDouble("amount").requiredString("cardId").endRecord();
    private static final Schema PROFILE = SchemaBuilder.record("Card").fields()
            .requiredDouble("creditLimit").endRecord();

    private static GenericRecord payment(double amount) {
        GenericData.Record r = new GenericData.Record(EVENT);
        r.put("amount", amount);
        r.put("cardId", "c-1");
        return r;
    }

    private static InputEvent event(GenericRecord value) {
        return new InputEvent("c-1", value, new byte[] {1}, 1_000L, "payments", 2, 7);
    }

    @Test
    void featuresOfAnEventWithoutEnrichmentAreItsValue() {
        GenericRecord value = payment(12.5);
        assertThat(event(value).features()).isSameAs(value);
    }

    @Test
    void theEnrichedViewIsBuiltOnceAndReadsEventProfileAndAggregates() {
        GenericData.Record card = new GenericData.Record(PROFILE);
        card.put("creditLimit", 900.0);
        InputEvent enriched = event(payment(12.5))
                .withEnrichment(new Enrichment(card, new byte[] {2}, Map.of("txn_count_10m", 3.0)));

        GenericRecord view = enriched.features();

        assertThat(enriched.features()).isSameAs(view);
        assertThat(view.get("amount")).isEqualTo(12.5);
        assertThat(((GenericRecord) view.get("profile")).get("creditLimit")).isEqualTo(900.0);
        assertThat(view.get("agg")).isEqualTo(Map.of("txn_count_10m", 3.0));
    }

    @Test
    void aNewEnrichmentOrValueGetsItsOwnView() {
        InputEvent first = event(payment(12.5)).withEnrichment(new Enrichment(null, null, Map.of("n", 1.0)));
        GenericRecord before = first.features();

        InputEvent reEnriched = first.withEnrichment(new Enrichment(null, null, Map.of("n", 2.0)));
        InputEvent reDecoded = first.withValue(payment(99.0));

        assertThat(reEnriched.features()).isNotSameAs(before);
        assertThat(reEnriched.features().get("agg")).isEqualTo(Map.of("n", 2.0));
        assertThat(reDecoded.features().get("amount")).isEqualTo(99.0);
        assertThat(before.get("agg")).isEqualTo(Map.of("n", 1.0));
        assertThat(reDecoded.positionId()).isEqualTo("payments-2-7");
    }
}

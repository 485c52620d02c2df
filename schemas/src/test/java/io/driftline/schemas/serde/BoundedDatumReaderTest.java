package io.driftline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Only schemas whose values can nest past the bound pay for the bounded (slower) reader. */
class BoundedDatumReaderTest {

    @Test
    void shouldBoundRecursiveSchemasOnly() {
        Schema list = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                + "{\"name\":\"v\",\"type\":\"int\"},{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        Schema flat = SchemaBuilder.record("Payment").fields().requiredDouble("amount")
                .name("tags").type().map().values().array().items().stringType().noDefault()
                .name("card").type().record("Card").fields().requiredString("id").endRecord().noDefault()
                .endRecord();

        assertThat(BoundedDatumReader.needed(list)).as("recursive").isTrue();
        assertThat(BoundedDatumReader.needed(flat)).as("bounded by its schema").isFalse();
    }

    @Test
    void shouldBoundSchemasNestedDeeperThanTheBound() {
        Schema deep = SchemaBuilder.record("L0").fields().requiredInt("x").endRecord();
        for (int i = 1; i <= BoundedDatumReader.MAX_DEPTH + 1; i++) {
            deep = SchemaBuilder.record("L" + i).fields().name("inner").type(deep).noDefault().endRecord();
        }
        Schema shallow = SchemaBuilder.record("L0").fields().requiredInt("x").endRecord();
        for (int i = 1; i < BoundedDatumReader.MAX_DEPTH - 1; i++) {
            shallow = SchemaBuilder.record("S" + i).fields().name("inner").type(shallow).noDefault().endRecord();
        }

        assertThat(BoundedDatumReader.needed(deep)).isTrue();
        assertThat(BoundedDatumReader.needed(shallow)).isFalse();
    }
}

package io.driftline.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputSpec;
import io.driftline.ReferenceProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

    private static final Schema PROFILE = SchemaBuilder.record("Profile").fields()
            .optionalInt("age").requiredString("segment").endRecord();
    private static final Schema EVENT = SchemaBuilder.record("Event").fields()
            .name("value").type().unionOf().nullType().and().intType().and().longType().and().floatType()
            .and().doubleType().and().booleanType().and().stringType().endUnion().nullDefault()
            .name("color").type().unionOf().nullType().and().stringType().and()
            .enumeration("Color").symbols("RED", "GREEN").endUnion().nullDefault()
            .name("profile").type().optional().type(PROFILE)
            .name("attributes").type().optional().map().values().doubleType()
            .endRecord();

    @Test
    void shouldEncodeEveryNumericType() {
        FeatureEncoder encoder = encoder(numeric("value", "value", MissingPolicy.DEFAULT, 0));

        assertThat(encoder.encode(event("value", 3))).containsExactly(3.0);
        assertThat(encoder.encode(event("value", 4L))).containsExactly(4.0);
        assertThat(encoder.encode(event("value", 2.5f))).containsExactly(2.5);
        assertThat(encoder.encode(event("value", -1.25))).containsExactly(-1.25);
        assertThat(encoder.encode(event("value", true))).containsExactly(1.0);
        assertThat(encoder.encode(event("value", false))).containsExactly(0.0);
    }

    @Test
    void shouldRejectAStringInANumericFeature() {
        FeatureEncoder encoder = encoder(numeric("amount", "value", MissingPolicy.DEFAULT, 0));

        FeatureException e = catchThrowableOfType(FeatureException.class, () -> encoder.encode(event("value", "12")));

        assertThat(e.code()).isEqualTo(FeatureException.Code.WRONG_TYPE);
        assertThat(e.feature()).isEqualTo("amount");
        assertThat(e.field()).isEqualTo("value");
        assertThat(e).hasMessage("WRONG_TYPE: feature 'amount' (field 'value'): expected a number or boolean, "
                + "got String '12'");
    }

    @Test
    void shouldRejectNaNAndInfinity() {
        FeatureEncoder encoder = encoder(numeric("amount", "value", MissingPolicy.DEFAULT, 0));

        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            FeatureException e = catchThrowableOfType(FeatureException.class, () -> encoder.encode(event("value", bad)));
            assertThat(e.code()).isEqualTo(FeatureException.Code.NOT_FINITE);
            assertThat(e).hasMessageContaining("feature 'amount'").hasMessageContaining(String.valueOf(bad));
        }
    }

    @Test
    void shouldRejectADoubleTooLargeForAFloat() {
        FeatureEncoder encoder = encoder(numeric("amount", "value", MissingPolicy.DEFAULT, 0));

        assertThat(encoder.encode(event("value", 1e300))).containsExactly(1e300);
        FeatureException e = catchThrowableOfType(FeatureException.class,
                () -> encoder.encodeFloats(event("value", 1e300)));
        assertThat(e.code()).isEqualTo(FeatureException.Code.NOT_FINITE);
        assertThat(e).hasMessageContaining("too large for a float");
    }

    @Test
    void shouldMapCategoriesToTheirVocabularyIndex() {
        FeatureEncoder encoder = encoder(categorical("color", "color", "RED", "GREEN", "BLUE"));
        Schema colors = EVENT.getField("color").schema().getTypes().get(2);

        assertThat(encoder.encode(event("color", "GREEN"))).containsExactly(1.0);
        assertThat(encoder.encode(event("color", new Utf8("BLUE")))).containsExactly(2.0);
        assertThat(encoder.encode(event("color", new GenericData.EnumSymbol(colors, "RED")))).containsExactly(0.0);
    }

    @Test
    void shouldMapAnUnseenCategoryToTheVocabularySize() {
        FeatureEncoder encoder = encoder(categorical("color", "color", "RED", "GREEN", "BLUE"));

        assertThat(encoder.encode(event("color", "PURPLE"))).containsExactly(3.0);
        assertThat(encoder.encode(event("color", new Utf8("PURPLE")))).containsExactly(3.0);
    }

    @Test
    void shouldRejectANumberInACategoricalFeature() {
        FeatureEncoder encoder = encoder(categorical("kind", "value", "a"));

        FeatureException e = catchThrowableOfType(FeatureException.class, () -> encoder.encode(event("value", 7)));

        assertThat(e.code()).isEqualTo(FeatureException.Code.WRONG_TYPE);
        assertThat(e).hasMessageContaining("expected a string or enum symbol, got Integer '7'");
    }

    @Test
    void shouldWalkNestedRecords() {
        FeatureEncoder encoder = encoder(numeric("age", "profile.age", MissingPolicy.REJECT, 0),
                categorical("segment", "profile.segment", "retail", "business"));
        GenericRecord event = event("profile", profile(52, "business"));

        assertThat(encoder.encode(event)).containsExactly(52.0, 1.0);
    }

    @Test
    void shouldWalkMapValuesWithStringOrUtf8Keys() {
        FeatureEncoder encoder = encoder(numeric("score", "attributes.score", MissingPolicy.REJECT, 0));
        Map<Object, Object> decoded = new HashMap<>();
        decoded.put(new Utf8("score"), 0.75); // what GenericDatumReader produces

        assertThat(encoder.encode(event("attributes", Map.of("score", 0.5)))).containsExactly(0.5);
        assertThat(encoder.encode(event("attributes", decoded))).containsExactly(0.75);
    }

    @Test
    void shouldRejectAPathThroughAPlainValue() {
        FeatureEncoder encoder = encoder(numeric("x", "value.inner", MissingPolicy.DEFAULT, 0));

        FeatureException e = catchThrowableOfType(FeatureException.class, () -> encoder.encode(event("value", 1.0)));

        assertThat(e.code()).isEqualTo(FeatureException.Code.WRONG_TYPE);
        assertThat(e).hasMessageContaining("'value' is a Double, not a record or map");
    }

    @Test
    void shouldUseTheDefaultValueForNullAbsentOrUnreachableValues() {
        FeatureEncoder encoder = encoder(numeric("value", "value", MissingPolicy.DEFAULT, -1),
                numeric("age", "profile.age", MissingPolicy.DEFAULT, 30),
                numeric("nowhere", "not.in.schema", MissingPolicy.DEFAULT, 7),
                categorical("color", "color", "RED"));

        // value null, profile null (so profile.age unreachable), not.in.schema absent, color null -> default 0.0
        assertThat(encoder.encode(new GenericData.Record(EVENT))).containsExactly(-1.0, 30.0, 7.0, 0.0);
        assertThat(encoder.encode(event("profile", profile(null, "retail")))).containsExactly(-1.0, 30.0, 7.0, 0.0);
    }

    @Test
    void shouldUseTheReferenceMeanForMissingValues() {
        ReferenceProfile profile = ReferenceProfile.newBuilder().setSampleSize(10).setFeatures(List.of(
                FeatureProfile.newBuilder().setName("age").setType(FeatureType.NUMERIC).setMean(41.5).build())).build();
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("age", "profile.age", MissingPolicy.REFERENCE_MEAN, 0)),
                profile);

        assertThat(encoder.encode(new GenericData.Record(EVENT))).containsExactly(41.5);
        assertThat(encoder.encode(event("profile", profile(20, "retail")))).containsExactly(20.0);
    }

    @Test
    void shouldRefuseReferenceMeanWithoutAProfileEntry() {
        ModelManifest manifest = manifest(numeric("age", "profile.age", MissingPolicy.REFERENCE_MEAN, 0));

        assertThatThrownBy(() -> new FeatureEncoder(manifest, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'age' uses REFERENCE_MEAN but the reference profile has no entry for it");
    }

    @Test
    void shouldRefuseACategoricalFeatureWithoutVocabulary() {
        FeatureSpec spec = categorical("color", "color", "RED");
        spec.setVocabulary(null);

        assertThatThrownBy(() -> encoder(spec)).hasMessage("categorical feature 'color' has no vocabulary");
    }

    @Test
    void shouldRejectAMissingValueUnderTheRejectPolicy() {
        FeatureEncoder encoder = encoder(numeric("age", "profile.age", MissingPolicy.REJECT, 0));

        FeatureException e = catchThrowableOfType(FeatureException.class,
                () -> encoder.encode(new GenericData.Record(EVENT)));

        assertThat(e.code()).isEqualTo(FeatureException.Code.MISSING_FEATURE);
        assertThat(e).hasMessage("MISSING_FEATURE: feature 'age' (field 'profile.age'): value is absent or null "
                + "and the missing policy is REJECT");
    }

    @Test
    void shouldEncodeFloatsAndIntoBatchRows() {
        FeatureEncoder encoder = encoder(numeric("value", "value", MissingPolicy.DEFAULT, 0),
                categorical("color", "color", "RED", "GREEN"));
        GenericRecord event = event("value", 0.1);
        event.put("color", "GREEN");
        float[] batch = new float[6];

        encoder.encodeInto(event, batch, 2);

        assertThat(encoder.size()).isEqualTo(2);
        assertThat(encoder.featureNames()).containsExactly("value", "color");
        assertThat(encoder.encodeFloats(event)).containsExactly(0.1f, 1f);
        assertThat(batch).containsExactly(0f, 0f, 0.1f, 1f, 0f, 0f);
    }

    @Test
    void shouldFollowFieldsThatMoveBetweenSchemas() {
        FeatureEncoder encoder = encoder(numeric("b", "b", MissingPolicy.DEFAULT, -1));
        Schema v1 = SchemaBuilder.record("E").fields().requiredDouble("a").requiredDouble("b").endRecord();
        Schema v2 = SchemaBuilder.record("E").fields().requiredDouble("b").endRecord();
        Schema v3 = SchemaBuilder.record("E").fields().requiredDouble("a").endRecord();

        assertThat(encoder.encode(record(v1, "a", 1.0, "b", 2.0))).containsExactly(2.0);
        assertThat(encoder.encode(record(v2, "b", 3.0))).containsExactly(3.0);
        assertThat(encoder.encode(record(v3, "a", 4.0))).containsExactly(-1.0);
        assertThat(encoder.encode(record(v1, "a", 5.0, "b", 6.0))).containsExactly(6.0);
    }

    static FeatureSpec numeric(String name, String field, MissingPolicy missing, double defaultValue) {
        return FeatureSpec.newBuilder().setName(name).setField(field).setMissing(missing).setDefaultValue(defaultValue)
                .build();
    }

    static FeatureSpec categorical(String name, String field, String... vocabulary) {
        return FeatureSpec.newBuilder().setName(name).setField(field).setType(FeatureType.CATEGORICAL)
                .setVocabulary(List.of(vocabulary)).build();
    }

    static ModelManifest manifest(FeatureSpec... features) {
        return ModelManifest.newBuilder().setFeatures(List.of(features)).setOutput(OutputSpec.newBuilder().build())
                .build();
    }

    private static FeatureEncoder encoder(FeatureSpec... features) {
        return new FeatureEncoder(manifest(features), null);
    }

    private static GenericRecord event(String field, Object value) {
        GenericData.Record event = new GenericData.Record(EVENT);
        event.put(field, value);
        return event;
    }

    private static GenericRecord profile(Integer age, String segment) {
        GenericData.Record profile = new GenericData.Record(PROFILE);
        profile.put("age", age);
        profile.put("segment", segment);
        return profile;
    }

    private static GenericRecord record(Schema schema, Object... namesAndValues) {
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            record.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return record;
    }
}

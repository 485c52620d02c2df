package io.driftline.models.features;

import static io.driftline.models.features.FeatureEncoderTest.categorical;
import static io.driftline.models.features.FeatureEncoderTest.manifest;
import static io.driftline.models.features.FeatureEncoderTest.numeric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.driftline.FeatureSpec;
import io.driftline.MissingPolicy;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** Each feature written as the element type its model input takes: float, double, int64 or string. */
class FeatureEncoderTypesTest {

    private static final Schema EVENT = SchemaBuilder.record("Typed").fields()
            .optionalLong("count").optionalDouble("ratio").optionalBoolean("flag").optionalString("city").endRecord();

    /** A sink that records what was written, by type. */
    static final class RecordingSink implements FeatureSink {
        final Object[] values;

        RecordingSink(int features) {
            values = new Object[features];
        }

        @Override
        public void putFloat(int row, int feature, float value) {
            values[feature] = value;
        }

        @Override
        public void putDouble(int row, int feature, double value) {
            values[feature] = value;
        }

        @Override
        public void putLong(int row, int feature, long value) {
            values[feature] = value;
        }

        @Override
        public void putString(int row, int feature, String value) {
            values[feature] = value;
        }
    }

    @Test
    void shouldWriteEachFeatureAsItsInputsType() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("ratio", "ratio", MissingPolicy.REJECT, 0),
                numeric("ratio2", "ratio", MissingPolicy.REJECT, 0), numeric("count", "count", MissingPolicy.REJECT, 0),
                categorical("city", "city", "paris", "lyon"), categorical("cityIndex", "city", "paris", "lyon")), null,
                List.of(ValueType.FLOAT, ValueType.DOUBLE, ValueType.INT64, ValueType.STRING, ValueType.INT64));

        RecordingSink sink = encode(encoder, event(1L << 60, 0.1, null, new Utf8("lyon")));

        assertThat(sink.values).containsExactly(0.1f, 0.1, 1L << 60, "lyon", 1L);
        assertThat(encoder.valueTypes()).containsExactly(ValueType.FLOAT, ValueType.DOUBLE, ValueType.INT64,
                ValueType.STRING, ValueType.INT64);
    }

    @Test
    void shouldTakeALongExactlyForAnInt64InputBeyondWhatADoubleHolds() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("count", "count", MissingPolicy.REJECT, 0)), null,
                List.of(ValueType.INT64));

        assertThat(encode(encoder, event(Long.MAX_VALUE, null, null, null)).values).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void shouldTakeWholeDoublesAndBooleansForAnInt64InputAndRejectAFraction() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("ratio", "ratio", MissingPolicy.REJECT, 0),
                numeric("flag", "flag", MissingPolicy.DEFAULT, 0)), null, List.of(ValueType.INT64, ValueType.INT64));

        assertThat(encode(encoder, event(null, 4.0, true, null)).values).containsExactly(4L, 1L);
        FeatureException e = catchThrowableOfType(FeatureException.class,
                () -> encode(encoder, event(null, 2.5, false, null)));
        assertThat(e.code()).isEqualTo(FeatureException.Code.WRONG_TYPE);
        assertThat(e).hasMessageContaining("feature 'ratio'").hasMessageContaining("int64")
                .hasMessageContaining("'2.5' is not an integer");
    }

    @Test
    void shouldPassAnUnseenCategoryAsItsTextAndAMissingOneAsTheDefaultIndexEntry() {
        FeatureSpec city = categorical("city", "city", "paris", "lyon");
        city.setMissing(MissingPolicy.DEFAULT);
        city.setDefaultValue(1);
        FeatureEncoder encoder = new FeatureEncoder(manifest(city), null, List.of(ValueType.STRING));

        assertThat(encode(encoder, event(null, null, null, "rome")).values).containsExactly("rome");
        assertThat(encode(encoder, event(null, null, null, null)).values).containsExactly("lyon");
    }

    @Test
    void shouldRefuseANumericFeatureForAStringInput() {
        assertThatThrownBy(() -> new FeatureEncoder(manifest(numeric("count", "count", MissingPolicy.REJECT, 0)), null,
                List.of(ValueType.STRING))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declare it CATEGORICAL");
    }

    @Test
    void shouldWriteAGoldenRowWithItsTextsAndTheSameConversions() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("count", "count", MissingPolicy.REJECT, 0),
                categorical("city", "city", "paris", "lyon")), null, List.of(ValueType.INT64, ValueType.STRING));
        RecordingSink sink = new RecordingSink(2);

        encoder.writeEncoded(List.of(3.0, 0.0), Map.of("city", "nice"), sink, 0);

        assertThat(sink.values).containsExactly(3L, "nice");
        assertThat(catchThrowableOfType(FeatureException.class,
                () -> encoder.writeEncoded(List.of(3.0, 0.0), Map.of(), sink, 0)).code())
                .isEqualTo(FeatureException.Code.MISSING_FEATURE);
        assertThat(catchThrowableOfType(FeatureException.class,
                () -> encoder.writeEncoded(List.of(3.5, 0.0), Map.of("city", "nice"), sink, 0)).code())
                .isEqualTo(FeatureException.Code.WRONG_TYPE);
    }

    @Test
    void shouldNoteWhatTheEventHeldBeforeTheMissingPolicyWhateverTheInputsType() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("ratio", "ratio", MissingPolicy.DEFAULT, 7),
                numeric("count", "count", MissingPolicy.DEFAULT, 2), numeric("flag", "flag", MissingPolicy.REJECT, 0),
                categorical("city", "city", "paris", "lyon"), categorical("cityIndex", "city", "paris", "lyon")), null,
                List.of(ValueType.FLOAT, ValueType.INT64, ValueType.DOUBLE, ValueType.STRING, ValueType.INT64));
        double[] observed = new double[encoder.size()];

        RecordingSink sink = new RecordingSink(encoder.size());
        encoder.encodeInto(event(null, 0.1, true, new Utf8("lyon")), sink, 0, observed);
        assertThat(sink.values).containsExactly(0.1f, 2L, 1.0, "lyon", 1L);
        assertThat(observed).as("the double as read (not the float the input took), NaN for the missing count fed"
                + " its default, the boolean as 1, the word's vocabulary index for both inputs")
                .containsExactly(0.1, Double.NaN, 1.0, 1.0, 1.0);

        encoder.encodeInto(event(5L, null, false, "nice"), sink, 0, observed);
        assertThat(sink.values).containsExactly(7.0f, 5L, 0.0, "nice", 2L);
        assertThat(observed).as("unseen is the vocabulary size, for a string input too").containsExactly(Double.NaN,
                5.0, 0.0, 2.0, 2.0);

        encoder.encodeInto(event(5L, 0.5, false, null), sink, 0, observed);
        assertThat(observed).containsExactly(0.5, 5.0, 0.0, Double.NaN, Double.NaN);
    }

    @Test
    void shouldWriteARowEncodedEarlierExactlyAsEncodingTheEventThenWould() {
        FeatureEncoder encoder = new FeatureEncoder(manifest(numeric("ratio", "ratio", MissingPolicy.DEFAULT, 7),
                numeric("ratio2", "ratio", MissingPolicy.DEFAULT, 7), numeric("count", "count", MissingPolicy.DEFAULT, 2),
                categorical("city", "city", "paris", "lyon"), categorical("cityIndex", "city", "paris", "lyon")), null,
                List.of(ValueType.FLOAT, ValueType.DOUBLE, ValueType.INT64, ValueType.STRING, ValueType.INT64));
        for (GenericRecord event : List.of(event(1L << 60, 0.1, null, new Utf8("lyon")), event(null, null, true, "nice"),
                event(-3L, 1e30, false, null))) {
            RecordingSink direct = new RecordingSink(encoder.size());
            double[] observed = new double[encoder.size()];
            encoder.encodeInto(event, direct, 0, observed);

            FeatureEncoder.Row row = encoder.encodeRow(event);
            event.put("count", 99L); // the row is a copy: what the event holds later does not matter
            RecordingSink later = new RecordingSink(encoder.size());
            encoder.writeRow(row, later, 0);

            assertThat(later.values).as(event.toString()).containsExactly(direct.values);
            assertThat(row.observed()).containsExactly(observed);
            assertThat(row.encoder()).isSameAs(encoder);
        }
    }

    @Test
    void shouldFailToEncodeARowAsEncodingFailsAndRefuseAnotherEncodersRow() {
        FeatureEncoder strict = new FeatureEncoder(manifest(numeric("count", "count", MissingPolicy.REJECT, 0)), null,
                List.of(ValueType.INT64));
        assertThat(catchThrowableOfType(FeatureException.class, () -> strict.encodeRow(event(null, 0.5, null, null)))
                .code()).isEqualTo(FeatureException.Code.MISSING_FEATURE);

        FeatureEncoder same = new FeatureEncoder(manifest(numeric("count", "count", MissingPolicy.REJECT, 0)), null,
                List.of(ValueType.INT64));
        FeatureEncoder.Row row = strict.encodeRow(event(4L, null, null, null));
        assertThatThrownBy(() -> same.writeRow(row, new RecordingSink(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another model");
    }

    private static RecordingSink encode(FeatureEncoder encoder, GenericRecord event) {
        RecordingSink sink = new RecordingSink(encoder.size());
        encoder.encodeInto(event, sink, 0);
        return sink;
    }

    private static GenericRecord event(Long count, Double ratio, Boolean flag, CharSequence city) {
        GenericRecord e = new GenericData.Record(EVENT);
        e.put("count", count);
        e.put("ratio", ratio);
        e.put("flag", flag);
        e.put("city", city);
        return e;
    }
}

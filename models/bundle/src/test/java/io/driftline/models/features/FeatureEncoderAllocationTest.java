package io.driftline.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftline.MissingPolicy;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The encoder is on the hot path: check that encoding a decoded event allocates nothing. */
class FeatureEncoderAllocationTest {

    private static final Schema INNER = SchemaBuilder.record("Inner").fields().requiredInt("age").endRecord();
    private static final Schema EVENT = SchemaBuilder.record("Event").fields()
            .requiredDouble("amount").requiredString("category").requiredBoolean("present")
            .name("profile").type(INNER).noDefault()
            .name("tags").type().map().values().doubleType().noDefault()
            .endRecord();

    @Test
    void shouldEncodeADecodedEventWithoutAllocating() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        FeatureEncoder encoder = new FeatureEncoder(FeatureEncoderTest.manifest(
                FeatureEncoderTest.numeric("amount", "amount", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.categorical("category", "category", "food", "travel"),
                FeatureEncoderTest.numeric("present", "present", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.numeric("age", "profile.age", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.numeric("risk", "tags.risk", MissingPolicy.REJECT, 0)), null);
        GenericRecord event = decoded(); // Utf8 strings and map keys, as a Kafka deserializer produces them
        float[] row = new float[encoder.size()];
        for (int i = 0; i < 200_000; i++) { // let the JIT settle first
            encoder.encodeInto(event, row, 0);
        }

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            encoder.encodeInto(event, row, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(row).containsExactly(12.5f, 1f, 1f, 40f, 0.25f);
        assertThat(allocated).as("bytes allocated by 100,000 encodings").isLessThan(10_000);
    }

    @Test
    void shouldEncodeIntoATypedSinkWithoutAllocating() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        FeatureEncoder encoder = new FeatureEncoder(FeatureEncoderTest.manifest(
                FeatureEncoderTest.numeric("amount", "amount", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.categorical("category", "category", "food", "travel"),
                FeatureEncoderTest.numeric("present", "present", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.numeric("age", "profile.age", MissingPolicy.REJECT, 0),
                FeatureEncoderTest.numeric("risk", "tags.risk", MissingPolicy.REJECT, 0)), null,
                java.util.List.of(ValueType.FLOAT, ValueType.INT64, ValueType.DOUBLE, ValueType.INT64, ValueType.FLOAT));
        GenericRecord event = decoded();
        double[] row = new double[encoder.size()];
        FeatureSink sink = new FeatureSink() { // as a model's input batch: plain array stores
            @Override
            public void putFloat(int r, int feature, float value) {
                row[feature] = value;
            }

            @Override
            public void putDouble(int r, int feature, double value) {
                row[feature] = value;
            }

            @Override
            public void putLong(int r, int feature, long value) {
                row[feature] = value;
            }

            @Override
            public void putString(int r, int feature, String value) {
                throw new AssertionError("no string input here");
            }
        };
        for (int i = 0; i < 200_000; i++) {
            encoder.encodeInto(event, sink, 0);
        }

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            encoder.encodeInto(event, sink, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(row).containsExactly(12.5, 1.0, 1.0, 40.0, 0.25);
        assertThat(allocated).as("bytes allocated by 100,000 encodings").isLessThan(10_000);
    }

    private static GenericRecord decoded() throws Exception {
        GenericData.Record inner = new GenericData.Record(INNER);
        inner.put("age", 40);
        GenericData.Record event = new GenericData.Record(EVENT);
        event.put("amount", 12.5);
        event.put("category", "travel");
        event.put("present", true);
        event.put("profile", inner);
        event.put("tags", java.util.Map.of("risk", 0.25));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(EVENT).write(event, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(EVENT).read(null,
                DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}

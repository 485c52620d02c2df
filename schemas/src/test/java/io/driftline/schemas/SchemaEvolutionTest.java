package io.driftline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.DriftReport;
import io.driftline.GoldenExample;
import io.driftline.MetricResult;
import io.driftline.MetricSeverity;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.ReferenceProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** Current schemas against released versions kept in {@code avro-history}: both directions must read. */
class SchemaEvolutionTest {

    @Test
    void shouldReadMetricResultsBothWaysAcrossTheGradeFields() throws IOException {
        Schema v1 = new Schema.Parser().parse(resource("MetricResult-v1.avsc"));

        assertCompatibleBothWays(MetricResult.getClassSchema(), v1);
    }

    @Test
    void shouldReadDriftReportsBothWaysAcrossTheGradeFields() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(resource("MetricResult-v1.avsc"));
        Schema v1 = parser.parse(resource("DriftReport-v1.avsc"));

        assertCompatibleBothWays(DriftReport.getClassSchema(), v1);
    }

    @Test
    void shouldFillTheDefaultsWhenReadingAnOldMetricResult() throws IOException {
        Schema v1 = new Schema.Parser().parse(resource("MetricResult-v1.avsc"));
        GenericRecord old = new GenericData.Record(v1);
        old.put("metric", "psi");
        old.put("value", 0.3);
        old.put("pValue", null);
        old.put("threshold", 0.25);
        old.put("drifted", true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
        encoder.flush();

        MetricResult read = new SpecificDatumReader<MetricResult>(v1, MetricResult.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getDrifted()).isTrue();
        assertThat(read.getSeverity()).isEqualTo(MetricSeverity.NONE);
        assertThat(read.getEffectSize()).isNull();
        assertThat(read.getWarnThreshold()).isNull();
        assertThat(read.getAlertThreshold()).isNull();
    }

    @Test
    void shouldReadModelUpdatesBothWaysAcrossTheSigningKeyId() throws IOException {
        assertCompatibleBothWays(ModelUpdate.getClassSchema(), modelUpdateV1());
    }

    @Test
    void shouldReadAnUnsignedBundleWrittenBeforeSigningAsUnsigned() throws IOException {
        Schema v1 = modelUpdateV1();
        GenericRecord old = new GenericData.Record(v1);
        old.put("model", "fraud");
        old.put("version", "1");
        old.put("action", new GenericData.EnumSymbol(v1.getField("action").schema(), "RETIRE"));
        old.put("goldenExamples", new GenericData.Array<>(v1.getField("goldenExamples").schema(), List.of()));
        old.put("publishedAt", 1_700_000_000_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
        encoder.flush();

        ModelUpdate read = new SpecificDatumReader<ModelUpdate>(v1, ModelUpdate.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getSignature()).isNull();
        assertThat(read.getSigningKeyId()).isNull();
        assertThat(read.getPublishedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    /** ModelUpdate before signingKeyId; the records it names are today's (they did not change with it). */
    private static Schema modelUpdateV1() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(List.of(ModelManifest.getClassSchema(), ReferenceProfile.getClassSchema(),
                GoldenExample.getClassSchema()));
        return parser.parse(resource("ModelUpdate-v1.avsc"));
    }

    private static void assertCompatibleBothWays(Schema current, Schema released) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                .as("current reads released").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                .as("released reads current").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource avro-history/" + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

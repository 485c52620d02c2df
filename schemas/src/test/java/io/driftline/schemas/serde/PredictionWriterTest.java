package io.driftline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class PredictionWriterTest {

    private static final String[] TEXTS = {"", "a", "fraud", "légitime", "欺诈", "card-000042", "x".repeat(300), "🙂",
        "tx-0f8e2a61-4b1c-4d2e-9a7f-3c5b6d7e8f90", "why?"};

    @Test
    void isWrittenForThePredictionSchemaTheClassHasNow() {
        assertThat(PredictionWriter.currentFingerprint())
                .as("Prediction.avsc changed: update PredictionWriter.write for it, then FINGERPRINT")
                .isEqualTo(PredictionWriter.FINGERPRINT);
        assertThat(PredictionWriter.writes(Prediction.getClassSchema())).isTrue();
    }

    @Test
    void writesTheBytesAvrosOwnWriterWritesForEveryShapeOfPrediction() throws IOException {
        Random random = new Random(20261205L);
        DatumWriter<Prediction> avro = new SpecificDatumWriter<>(Prediction.class);
        PredictionWriter ours = new PredictionWriter();
        for (int i = 0; i < 5_000; i++) {
            Prediction p = randomPrediction(random);
            byte[] expected = bytes(avro, p);
            assertThat(bytes(ours, p)).as("prediction %d: %s", i, p).isEqualTo(expected);
            assertThat(read(expected)).isEqualTo(p);
        }
    }

    @Test
    void writesTheBytesAvroWritesForTextsWithALoneSurrogate() throws IOException {
        // Invalid UTF-16, which no writer round-trips: the bytes must still be Avro's ('?' for it, as the JDK writes).
        String lone = "id-\uD800-x";
        Prediction p = randomPrediction(new Random(3));
        p.setEventId(lone);
        p.setEntityKey("key \uDC00");
        p.setModel("model\uD801");
        p.setLabel(lone);
        p.setScores(Map.of(lone, 0.5));
        p.setSourceTopic("topic?");
        assertThat(bytes(new PredictionWriter(), p)).isEqualTo(bytes(new SpecificDatumWriter<>(Prediction.class), p));
    }

    @Test
    void aMissingRequiredFieldIsAClearErrorNamingIt() {
        Prediction p = randomPrediction(new Random(1));
        p.setModelVersion(null);
        assertThatThrownBy(() -> bytes(new PredictionWriter(), p))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Prediction.modelVersion");
    }

    @Test
    void refusesAnyOtherSchema() {
        Schema other = SchemaBuilder.record("Prediction").namespace("io.driftline").fields()
                .requiredString("eventId").endRecord();
        assertThat(PredictionWriter.writes(other)).isFalse();
        assertThatThrownBy(() -> new PredictionWriter().setSchema(other)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Prediction randomPrediction(Random r) {
        Map<String, Double> scores = new LinkedHashMap<>();
        int classes = r.nextInt(5);
        for (int c = 0; c < classes; c++) {
            scores.put(text(r) + c, r.nextInt(10) == 0 ? Double.NaN : r.nextDouble());
        }
        boolean shadow = r.nextBoolean();
        return new Prediction(text(r), maybe(r, text(r)), text(r), text(r), extremeDouble(r), maybe(r, text(r)),
                scores, Instant.ofEpochMilli(r.nextLong() >> r.nextInt(40)), Instant.ofEpochMilli(r.nextInt()),
                shadow, maybe(r, text(r)), maybe(r, r.nextInt()), maybe(r, r.nextLong() >> r.nextInt(64)),
                maybe(r, text(r)), maybe(r, extremeDouble(r)), maybe(r, text(r)));
    }

    private static double extremeDouble(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.MAX_VALUE;
            case 3 -> Double.NEGATIVE_INFINITY;
            default -> r.nextGaussian() * 1e6;
        };
    }

    private static String text(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)];
    }

    private static <T> T maybe(Random r, T value) {
        return r.nextInt(3) == 0 ? null : value;
    }

    private static byte[] bytes(DatumWriter<Prediction> writer, Prediction p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(p, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Prediction read(byte[] bytes) throws IOException {
        return new SpecificDatumReader<>(Prediction.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}

package io.driftline.schemas.serde;

import io.driftline.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link Prediction} field by field, the bytes {@code SpecificDatumWriter} writes for the same record.
 *
 * <p>Written by hand because Avro's own fast path does not apply: the compiler generates no custom coders for a
 * record with logical types (Prediction has two timestamp-millis fields), so {@code SpecificDatumWriter} walks the
 * schema for every prediction, resolving each of its nine unions by name and looking up the conversion of each
 * timestamp. That was 11% of a stream thread's samples, one prediction per scored event.
 *
 * <p>It writes one schema only: {@link #writes(Schema)} is true for Prediction's schema as this class was written
 * for it (its parsing-form fingerprint, which covers names, types and order, not docs or defaults). Any other
 * writer schema (a changed Prediction.avsc, or a registry's latest version under {@code use.latest.version}) falls
 * back to {@code SpecificDatumWriter}; {@code PredictionWriterTest} fails when Prediction.avsc changes, and checks
 * the bytes against Avro's for generated predictions.
 */
final class PredictionWriter implements DatumWriter<Prediction> {

    private record Encoded(String text, byte[] utf8) {
    }

    private final Encoded[] recent = new Encoded[32];

    /** Parsing-form fingerprint of the Prediction schema this writer encodes. */
    static final long FINGERPRINT = -6682506999288859666L;

    /** True when {@code schema} is the Prediction schema this writer was written for. */
    static boolean writes(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                && SchemaNormalization.parsingFingerprint64(schema) == FINGERPRINT;
    }

    @Override
    public void setSchema(Schema schema) {
        if (!writes(schema)) {
            throw new IllegalArgumentException("PredictionWriter writes Prediction's own schema only, not " + schema);
        }
    }

    @Override
    public void write(Prediction p, Encoder out) throws IOException {
        out.writeString(required(p.getEventId(), "eventId"));
        optional(p.getEntityKey(), out);
        writeRepeated(required(p.getModel(), "model"), out);
        writeRepeated(required(p.getModelVersion(), "modelVersion"), out);
        out.writeDouble(p.getScore());
        optionalRepeated(p.getLabel(), out);
        Map<String, Double> scores = required(p.getScores(), "scores");
        out.writeMapStart();
        out.setItemCount(scores.size());
        for (Map.Entry<String, Double> entry : scores.entrySet()) {
            out.startItem();
            writeRepeated(required(entry.getKey(), "scores key"), out);
            out.writeDouble(required(entry.getValue(), "scores value"));
        }
        out.writeMapEnd();
        out.writeLong(required(p.getEventTime(), "eventTime").toEpochMilli());
        out.writeLong(required(p.getScoredAt(), "scoredAt").toEpochMilli());
        out.writeBoolean(p.getShadow());
        optionalRepeated(p.getSourceTopic(), out);
        Integer partition = p.getSourcePartition();
        out.writeIndex(partition == null ? 0 : 1);
        if (partition != null) {
            out.writeInt(partition);
        }
        Long offset = p.getSourceOffset();
        out.writeIndex(offset == null ? 0 : 1);
        if (offset != null) {
            out.writeLong(offset);
        }
        optionalRepeated(p.getChampionVersion(), out);
        Double championScore = p.getChampionScore();
        out.writeIndex(championScore == null ? 0 : 1);
        if (championScore != null) {
            out.writeDouble(championScore);
        }
        optionalRepeated(p.getChampionLabel(), out);
    }

    /** As {@link #optional}, for a text that recurs from prediction to prediction. */
    private void optionalRepeated(String value, Encoder out) throws IOException {
        out.writeIndex(value == null ? 0 : 1);
        if (value != null) {
            writeRepeated(value, out);
        }
    }

    /**
     * Writes a text that is the same String object in prediction after prediction (the model's name and version,
     * its class labels, the source topic) from its UTF-8 bytes encoded once: Avro writes a string as a length and
     * its UTF-8 bytes, which is what {@code writeBytes} writes for the same bytes. A String is immutable, so a
     * slot that holds the same object holds its bytes; the slots are racy by design, each an immutable pair.
     */
    private void writeRepeated(String value, Encoder out) throws IOException {
        int slot = System.identityHashCode(value) & (recent.length - 1);
        Encoded encoded = recent[slot];
        if (encoded == null || encoded.text() != value) {
            encoded = new Encoded(value, value.getBytes(StandardCharsets.UTF_8));
            recent[slot] = encoded;
        }
        out.writeBytes(encoded.utf8());
    }

    /** A {@code ["null", "string"]} union: branch 0 for null, else branch 1 and the text. */
    private static void optional(String value, Encoder out) throws IOException {
        out.writeIndex(value == null ? 0 : 1);
        if (value != null) {
            out.writeString(value);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException("null value for (non-nullable) field Prediction." + field);
        }
        return value;
    }

    /** For the test: the fingerprint of the schema the generated class has now. */
    static long currentFingerprint() {
        return SchemaNormalization.parsingFingerprint64(Prediction.getClassSchema());
    }
}

package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the label join's internal topics: plain Avro binary of {@link Prediction} and {@link Label} behind a
 * version byte. Only Driftline writes and reads these topics, with the schemas it was built with, so registering
 * them in the Schema Registry (as a Confluent serde would) would only add subjects users never read.
 */
final class LabelCodec {

    private static final byte VERSION = 1;
    private static final SpecificDatumWriter<Prediction> PREDICTION_WRITER = new SpecificDatumWriter<>(Prediction.class);
    private static final SpecificDatumWriter<Label> LABEL_WRITER = new SpecificDatumWriter<>(Label.class);
    // A datum reader keeps its resolving decoders per thread (GenericDatumReader's thread-local cache) and a writer
    // keeps no state between calls, so one of each serves every stream thread.
    private static final SpecificDatumReader<Prediction> PREDICTION_READER = new SpecificDatumReader<>(Prediction.class);
    private static final SpecificDatumReader<Label> LABEL_READER = new SpecificDatumReader<>(Label.class);

    private LabelCodec() {
    }

    static Serde<Prediction> predictionSerde() {
        return Serdes.serdeFrom((topic, prediction) -> prediction == null ? null : write(prediction, null),
                (topic, bytes) -> bytes == null ? null : read(bytes).prediction());
    }

    static Serde<LabelledPrediction> labelledSerde() {
        return Serdes.serdeFrom((topic, labelled) -> labelled == null ? null
                        : write(labelled.prediction(), labelled.label()),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    static Serde<Label> labelSerde() {
        return Serdes.serdeFrom((topic, label) -> label == null ? null : write(null, label),
                (topic, bytes) -> bytes == null ? null : read(bytes).label());
    }

    private static byte[] write(Prediction prediction, Label label) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(VERSION);
            out.write((prediction == null ? 0 : 1) | (label == null ? 0 : 2));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            if (prediction != null) {
                PREDICTION_WRITER.write(prediction, encoder);
            }
            if (label != null) {
                LABEL_WRITER.write(label, encoder);
            }
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode a labelled prediction", e);
        }
    }

    private static LabelledPrediction read(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != VERSION) {
            throw new SerializationException("unknown label join record layout: " + (bytes.length == 0 ? "empty"
                    : "version " + bytes[0]));
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 2, bytes.length - 2, null);
            Prediction prediction = (bytes[1] & 1) == 0 ? null : PREDICTION_READER.read(null, decoder);
            Label label = (bytes[1] & 2) == 0 ? null : LABEL_READER.read(null, decoder);
            return new LabelledPrediction(prediction, label);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode a labelled prediction", e);
        }
    }
}

package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.topology.state.StateLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the label join's window stores ({@value LabelStage#JOIN_STORE}) and internal topics: plain Avro binary
 * of {@link Prediction} and {@link Label} in one {@link StateLayout}. Only Driftline writes and reads these, with
 * the schemas it was built with, so registering them in the Schema Registry (as a Confluent serde would) would
 * only add subjects users never read.
 *
 * <p>Layout version 1 (main's, which had this version byte already): a flags byte (1: a prediction follows, 2: a
 * label follows), then the prediction and the label in Avro binary. A change of either Avro schema that changes
 * its binary encoding (any field added or removed) is a new layout version.
 */
final class LabelCodec {

    private static final SpecificDatumWriter<Prediction> PREDICTION_WRITER = new SpecificDatumWriter<>(Prediction.class);
    private static final SpecificDatumWriter<Label> LABEL_WRITER = new SpecificDatumWriter<>(Label.class);
    // A datum reader keeps its resolving decoders per thread (GenericDatumReader's thread-local cache) and a writer
    // keeps no state between calls, so one of each serves every stream thread.
    private static final SpecificDatumReader<Prediction> PREDICTION_READER = new SpecificDatumReader<>(Prediction.class);
    private static final SpecificDatumReader<Label> LABEL_READER = new SpecificDatumReader<>(Label.class);

    private LabelCodec() {
    }

    /** The layout of the join stores' values and the internal topics' records. */
    static final StateLayout<LabelledPrediction> LAYOUT = StateLayout.<LabelledPrediction>of(LabelStage.JOIN_STORE)
            .current(1, LabelCodec::write, LabelCodec::read)
            .sizeHint(256)
            .build();

    static Serde<Prediction> predictionSerde() {
        return Serdes.serdeFrom((topic, prediction) -> LAYOUT.encode(prediction == null ? null
                        : new LabelledPrediction(prediction, null)),
                (topic, bytes) -> bytes == null ? null : LAYOUT.decode(bytes).prediction());
    }

    static Serde<LabelledPrediction> labelledSerde() {
        return LAYOUT;
    }

    static Serde<Label> labelSerde() {
        return Serdes.serdeFrom((topic, label) -> LAYOUT.encode(label == null ? null : new LabelledPrediction(null, label)),
                (topic, bytes) -> bytes == null ? null : LAYOUT.decode(bytes).label());
    }

    private static void write(LabelledPrediction value, java.io.DataOutputStream out) throws IOException {
        Prediction prediction = value.prediction();
        Label label = value.label();
        out.write((prediction == null ? 0 : 1) | (label == null ? 0 : 2));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        if (prediction != null) {
            PREDICTION_WRITER.write(prediction, encoder);
        }
        if (label != null) {
            LABEL_WRITER.write(label, encoder);
        }
        encoder.flush();
    }

    private static LabelledPrediction read(ByteBuffer in) throws IOException {
        if (!in.hasRemaining()) {
            throw new IOException("no flags byte");
        }
        int flags = in.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in.array(), in.arrayOffset() + in.position(),
                in.remaining(), null);
        try {
            Prediction prediction = (flags & 1) == 0 ? null : PREDICTION_READER.read(null, decoder);
            Label label = (flags & 2) == 0 ? null : LABEL_READER.read(null, decoder);
            return new LabelledPrediction(prediction, label);
        } catch (RuntimeException e) {
            throw new IOException("cannot decode a labelled prediction: " + e, e);
        }
    }
}

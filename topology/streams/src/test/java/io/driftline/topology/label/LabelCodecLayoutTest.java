package io.driftline.topology.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.topology.state.StateLayoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The layout of the label join's stores and internal topics: round trip, main's bytes, unknown versions. */
class LabelCodecLayoutTest {

    private static final Prediction PREDICTION = Prediction.newBuilder().setEventId("e1").setModel("fraud")
            .setModelVersion("1").setScore(0.9).setLabel("fraud").setScores(Map.of("fraud", 0.9, "legit", 0.1))
            .setEventTime(Instant.ofEpochMilli(1_000)).setScoredAt(Instant.ofEpochMilli(1_001)).build();
    private static final Label LABEL = Label.newBuilder().setEventId("e1").setLabel("legit")
            .setTimestamp(Instant.ofEpochMilli(5_000)).build();

    /** What main's {@code LabelCodec.write} wrote: version 1, flags, then Avro binary. */
    private static byte[] mainWrite(Prediction prediction, Label label) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write((prediction == null ? 0 : 1) | (label == null ? 0 : 2));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        if (prediction != null) {
            new SpecificDatumWriter<>(Prediction.class).write(prediction, encoder);
        }
        if (label != null) {
            new SpecificDatumWriter<>(Label.class).write(label, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldRoundTripEachSerde() {
        assertThat(LabelCodec.predictionSerde().deserializer().deserialize("t",
                LabelCodec.predictionSerde().serializer().serialize("t", PREDICTION))).isEqualTo(PREDICTION);
        assertThat(LabelCodec.labelSerde().deserializer().deserialize("t",
                LabelCodec.labelSerde().serializer().serialize("t", LABEL))).isEqualTo(LABEL);
        LabelledPrediction both = new LabelledPrediction(PREDICTION, LABEL);
        assertThat(LabelCodec.labelledSerde().deserializer().deserialize("t",
                LabelCodec.labelledSerde().serializer().serialize("t", both))).isEqualTo(both);
    }

    @Test
    void shouldReadAndWriteTheBytesMainWroteAsVersion1() throws IOException {
        assertThat(LabelCodec.predictionSerde().serializer().serialize("t", PREDICTION))
                .isEqualTo(mainWrite(PREDICTION, null));
        assertThat(LabelCodec.labelSerde().deserializer().deserialize("t", mainWrite(null, LABEL))).isEqualTo(LABEL);
        assertThat(LabelCodec.LAYOUT.decode(mainWrite(PREDICTION, LABEL)))
                .isEqualTo(new LabelledPrediction(PREDICTION, LABEL));
    }

    @Test
    void shouldFailOnAnUnknownVersion() throws IOException {
        byte[] future = mainWrite(PREDICTION, null);
        future[0] = 2;
        assertThatThrownBy(() -> LabelCodec.predictionSerde().deserializer().deserialize("t", future))
                .isInstanceOf(StateLayoutException.class).hasMessageContaining(LabelStage.JOIN_STORE)
                .hasMessageContaining("version 2").hasMessageContaining("[1]");
    }
}

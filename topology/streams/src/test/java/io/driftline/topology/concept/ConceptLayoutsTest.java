package io.driftline.topology.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.state.StateLayout;
import io.driftline.topology.state.StateLayoutException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ConceptLayoutsTest {

    private static final StateLayout<PageHinkley> DETECTOR = DetectorLayout.of(PageHinkley.Settings.defaults());
    private static final StateLayout<ConceptAlertProcessor.State> ALERT = ConceptAlertProcessor.State.LAYOUT;
    private static final ConceptAlertProcessor.State OPEN = new ConceptAlertProcessor.State("fraud", "3",
            1_000L, 2_000L, 5, 0.125, 900L);

    private static byte[] bare(PageHinkley test) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        test.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static PageHinkley someTest() {
        PageHinkley test = new PageHinkley(PageHinkley.Settings.defaults());
        for (int i = 0; i < 10; i++) {
            test.add(i % 3 == 0 ? 0.5 : 0.1);
        }
        return test;
    }

    @Test
    void shouldRoundTripTheDetectorLayout() throws IOException {
        PageHinkley test = someTest();
        byte[] bytes = DETECTOR.encode(test);
        assertThat(bytes).hasSize(DetectorLayout.BODY + 1);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(bare(DETECTOR.decode(bytes))).isEqualTo(bare(test));
    }

    @Test
    void shouldReadTheUnversionedDetectorLayoutMainWrote() throws IOException {
        PageHinkley test = someTest();
        assertThat(bare(DETECTOR.decode(bare(test)))).isEqualTo(bare(test));
        // A fixture of main's 32 bare bytes: count 12, mean 0.25, sum 1.5, min -0.5.
        byte[] fixture = HexFormat.of().parseHex(
                "000000000000000c3fd00000000000003ff8000000000000bfe0000000000000");
        assertThat(bare(DETECTOR.decode(fixture))).isEqualTo(fixture);
    }

    @Test
    void shouldFailOnAnUnknownDetectorVersion() {
        assertThatThrownBy(() -> DETECTOR.decode(new byte[] {5, 0, 0, 0})).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(ConceptStage.DETECTOR_STORE).hasMessageContaining("version 5")
                .hasMessageContaining("[1]");
    }

    /** {@code State.encode()} as main wrote it: its own version byte 1, then the fields. */
    private static byte[] mainEncode(ConceptAlertProcessor.State s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeUTF(s.model());
        out.writeUTF(s.version());
        out.writeLong(s.openedAt());
        out.writeLong(s.lastSignalAt());
        out.writeLong(s.signals());
        out.writeDouble(s.meanError());
        out.writeLong(s.firstSignalAt());
        return bytes.toByteArray();
    }

    @Test
    void shouldRoundTripTheConceptAlertLayout() {
        assertThat(ALERT.decode(ALERT.encode(OPEN))).isEqualTo(OPEN);
    }

    @Test
    void shouldReadTheConceptAlertLayoutMainWroteAsVersion1() throws IOException {
        assertThat(ALERT.decode(mainEncode(OPEN))).isEqualTo(OPEN);
        assertThat(ALERT.encode(OPEN)).isEqualTo(mainEncode(OPEN));
    }

    @Test
    void shouldFailOnAnUnknownConceptAlertVersion() throws IOException {
        byte[] future = mainEncode(OPEN);
        future[0] = 2;
        assertThatThrownBy(() -> ALERT.decode(future)).isInstanceOf(StateLayoutException.class)
                .hasMessageContaining(ConceptStage.ALERT_STORE).hasMessageContaining("version 2");
    }
}

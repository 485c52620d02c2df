package io.driftline.models.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.ModelManifest;
import io.driftline.OutputSpec;
import io.driftline.ReferenceProfile;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

    private static final ModelManifest MANIFEST = ModelManifest.newBuilder()
            .setFeatures(List.of(
                    FeatureSpec.newBuilder().setName("x").setField("x").build(),
                    FeatureSpec.newBuilder().setName("c").setField("c").setType(FeatureType.CATEGORICAL)
                            .setVocabulary(List.of("a", "b", "never")).build()))
            .setOutput(OutputSpec.newBuilder().build())
            .build();

    @Test
    void shouldProfileNumericCategoricalAndScore() {
        ProfileBuilder builder = new ProfileBuilder(MANIFEST).bins(2);
        builder.add(new double[] {1, 0}).addScore(0.1);
        builder.add(new double[] {2, 1}).addScore(0.2);
        builder.add(new double[] {3, 0}).addScore(0.3);
        builder.add(new double[] {Double.NaN, 3}).addScore(0.4); // x missing, c outside the vocabulary

        ReferenceProfile profile = builder.build();

        assertThat(profile.getSampleSize()).isEqualTo(4);
        FeatureProfile x = profile.getFeatures().get(0);
        assertThat(x.getName()).isEqualTo("x");
        assertThat(x.getType()).isEqualTo(FeatureType.NUMERIC);
        assertThat(x.getMissingFraction()).isEqualTo(0.25);
        assertThat(x.getMean()).isEqualTo(2.0);
        assertThat(x.getStddev()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(x.getMin()).isEqualTo(1.0);
        assertThat(x.getMax()).isEqualTo(3.0);
        assertThat(x.getBinEdges()).containsExactly(3.0);
        assertThat(x.getBinFractions()).containsExactly(2.0 / 3, 1.0 / 3);
        assertThat(x.getKllSketch()).isNull();

        FeatureProfile c = profile.getFeatures().get(1);
        assertThat(c.getType()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(c.getCategoryFrequencies()).containsOnly(entry("a", 0.5), entry("b", 0.25), entry("never", 0.0),
                entry(ProfileBuilder.UNSEEN, 0.25));

        FeatureProfile score = profile.getPrediction();
        assertThat(score.getName()).isEqualTo(ProfileBuilder.SCORE);
        assertThat(score.getMean()).isCloseTo(0.25, within(1e-12));
        assertThat(score.getBinFractions()).containsExactly(0.5, 0.5);
    }

    @Test
    void shouldSketchThePresentValuesOfNumericFeaturesAndTheScoreWhenAsked() {
        ProfileBuilder builder = new ProfileBuilder(MANIFEST).withSketches();
        IntStream.range(0, 1000).forEach(i -> builder.add(new double[] {i % 10 == 0 ? Double.NaN : i, i % 2})
                .addScore(i / 1000.0));

        ReferenceProfile profile = builder.build();

        KllDoublesSketch x = sketch(profile.getFeatures().get(0).getKllSketch());
        assertThat(x.getK()).isEqualTo(ProfileBuilder.SKETCH_K);
        assertThat(x.getN()).as("missing values stay out").isEqualTo(900);
        assertThat(x.getMinItem()).isEqualTo(1);
        assertThat(x.getMaxItem()).isEqualTo(999);
        assertThat(x.getRank(500)).isCloseTo(0.5, within(x.getNormalizedRankError(false)));
        assertThat(profile.getFeatures().get(1).getKllSketch()).as("categorical").isNull();
        assertThat(sketch(profile.getPrediction().getKllSketch()).getN()).isEqualTo(1000);
    }

    @Test
    void shouldLeaveSketchesOutByDefault() {
        ReferenceProfile profile = new ProfileBuilder(MANIFEST).add(new double[] {1, 1}).addScore(0.5).build();

        assertThat(profile.getFeatures().get(0).getKllSketch()).isNull();
        assertThat(profile.getPrediction().getKllSketch()).isNull();
    }

    private static KllDoublesSketch sketch(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return KllDoublesSketch.heapify(Memory.wrap(copy));
    }

    @Test
    void shouldLeaveThePredictionOutWhenNoScoresWereAdded() {
        ReferenceProfile profile = new ProfileBuilder(MANIFEST).add(new double[] {1, 1}).build();

        assertThat(profile.getPrediction()).isNull();
        assertThat(profile.getFeatures()).hasSize(2);
    }

    @Test
    void shouldBinFromTheSketchWithinItsRankErrorOnceAColumnOutgrowsTheExactValues() {
        java.util.Random random = new java.util.Random(7);
        ProfileBuilder exact = new ProfileBuilder(MANIFEST).withSketches();
        ProfileBuilder bounded = new ProfileBuilder(MANIFEST).withSketches().exactValues(1_000);
        for (int i = 0; i < 50_000; i++) {
            double[] row = {i % 20 == 0 ? Double.NaN : random.nextGaussian() * 3 + 10, i % 3};
            exact.add(row).addScore(row[1] / 3);
            bounded.add(row).addScore(row[1] / 3);
        }

        FeatureProfile want = exact.build().getFeatures().get(0);
        ReferenceProfile profile = bounded.build();
        FeatureProfile got = profile.getFeatures().get(0);

        assertThat(profile.getSampleSize()).isEqualTo(50_000);
        assertThat(got.getMissingFraction()).isEqualTo(want.getMissingFraction()).isEqualTo(0.05);
        assertThat(got.getMean()).isCloseTo(want.getMean(), within(1e-9));
        assertThat(got.getStddev()).isCloseTo(want.getStddev(), within(1e-9));
        assertThat(got.getMin()).isEqualTo(want.getMin());
        assertThat(got.getMax()).isEqualTo(want.getMax());
        assertThat(got.getBinEdges()).hasSameSizeAs(want.getBinEdges());
        KllDoublesSketch sketch = sketch(got.getKllSketch());
        assertThat(sketch.getN()).isEqualTo(47_500);
        double rankError = sketch.getNormalizedRankError(false);
        for (int i = 0; i < want.getBinEdges().size(); i++) {
            // The sketch's edge sits at the exact edge's rank, within the sketch's rank error.
            assertThat(sketch.getRank(got.getBinEdges().get(i))).as("edge " + i)
                    .isCloseTo(sketch.getRank(want.getBinEdges().get(i)), within(rankError));
            assertThat(got.getBinFractions().get(i)).isCloseTo(want.getBinFractions().get(i), within(2 * rankError));
        }
        assertThat(got.getBinFractions().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(profile.getFeatures().get(1).getCategoryFrequencies())
                .isEqualTo(exact.build().getFeatures().get(1).getCategoryFrequencies());
        assertThat(profile.getPrediction().getBinEdges()).as("discrete score: edges at its values")
                .containsExactly(1.0 / 3, 2.0 / 3);
    }
}

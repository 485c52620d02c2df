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
import java.util.List;
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
    void shouldLeaveThePredictionOutWhenNoScoresWereAdded() {
        ReferenceProfile profile = new ProfileBuilder(MANIFEST).add(new double[] {1, 1}).build();

        assertThat(profile.getPrediction()).isNull();
        assertThat(profile.getFeatures()).hasSize(2);
    }
}

package io.driftline.models.bundle;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.MissingPolicy;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.OutputSpec;
import io.driftline.ReferenceProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small valid bundles to break one field at a time. */
final class Fixtures {

    static final byte[] ONNX = "not really onnx, but bytes with a checksum".getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    static ModelManifest manifest() {
        return ModelManifest.newBuilder()
                .setFeatures(new ArrayList<>(List.of(
                        FeatureSpec.newBuilder().setName("amount").setField("amount").build(),
                        FeatureSpec.newBuilder().setName("age").setField("profile.age")
                                .setMissing(MissingPolicy.REFERENCE_MEAN).build(),
                        FeatureSpec.newBuilder().setName("category").setField("category")
                                .setType(FeatureType.CATEGORICAL).setVocabulary(List.of("a", "b")).build())))
                .setOutput(OutputSpec.newBuilder().setClassLabels(List.of("no", "yes")).setPositiveClass("yes").build())
                .build();
    }

    static ReferenceProfile profile() {
        return ReferenceProfile.newBuilder().setSampleSize(100).setFeatures(new ArrayList<>(List.of(
                FeatureProfile.newBuilder().setName("age").setType(FeatureType.NUMERIC).setMean(41.5)
                        .setBinEdges(List.of(30.0, 50.0)).setBinFractions(List.of(0.3, 0.4, 0.3)).build())))
                .build();
    }

    static GoldenExample golden() {
        return GoldenExample.newBuilder().setFeatures(List.of(1.0, 2.0, 0.0)).setExpectedScore(0.25)
                .setExpectedScores(Map.of("no", 0.75, "yes", 0.25)).setExpectedLabel("no").build();
    }

    static ModelUpdate update() {
        return ModelUpdate.newBuilder()
                .setModel("fraud").setVersion("3").setAction(ModelAction.DEPLOY)
                .setOnnx(ByteBuffer.wrap(ONNX)).setSha256(Sha256.hex(ONNX))
                .setManifest(manifest()).setReferenceProfile(profile())
                .setGoldenExamples(new ArrayList<>(List.of(golden())))
                .setDescription("test bundle").setPublishedBy("tests")
                .setPublishedAt(Instant.parse("2026-11-23T10:00:00Z"))
                .build();
    }
}

package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.driftline.ModelAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepModelsUnderTheLimitInline() throws Exception {
        ModelBundle bundle = builder().onnx(Fixtures.ONNX).build();

        assertThat(bundle.isInline()).isTrue();
        assertThat(bundle.sha256()).isEqualTo(Sha256.hex(Fixtures.ONNX));
        assertThat(bundle.loadOnnx()).isEqualTo(Fixtures.ONNX);
        assertThat(bundle.description()).isEqualTo("first");
        assertThat(bundle.publishedBy()).isEqualTo("me");
        assertThat(bundle.goldenExamples()).containsExactly(Fixtures.golden());
    }

    @Test
    void shouldSwitchToFileUriAboveTheInlineLimit() throws Exception {
        byte[] big = randomBytes(4_096);
        Path external = dir.resolve("models");

        ModelBundle bundle = builder().onnx(big).inlineLimitBytes(1_024, external).build();

        assertThat(bundle.isInline()).isFalse();
        assertThat(bundle.onnxUri().getScheme()).isEqualTo("file");
        assertThat(Path.of(bundle.onnxUri())).startsWith(external).hasFileName(
                "fraud-3-" + Sha256.hex(big).substring(0, 16) + ".onnx");
        assertThat(bundle.sha256()).isEqualTo(Sha256.hex(big));
        // Instances read it where models.dir admits it (the directory model publish --external-dir wrote to).
        assertThat(bundle.loadOnnx(FetchPolicy.of(external, java.util.List.of(), FetchPolicy.DEFAULT_MAX_BYTES,
                FetchPolicy.DEFAULT_TIMEOUT, false))).isEqualTo(big);
        assertThat(bundle.toUpdate().getOnnx()).isNull();
    }

    @Test
    void shouldRefuseAModelOverTheDefaultLimitWithoutExternalDirectory() {
        byte[] big = randomBytes((int) BundleBuilder.DEFAULT_INLINE_LIMIT_BYTES + 1);

        BundleException e = catchThrowableOfType(BundleException.class, () -> builder().onnx(big).build());

        assertThat(e.reason()).isEqualTo(BundleException.Reason.TOO_LARGE);
        assertThat(e).hasMessageContaining("921601 bytes, over the inline limit of 921600");
    }

    @Test
    void shouldReadTheOnnxFile() throws Exception {
        Path file = Files.write(dir.resolve("model.onnx"), Fixtures.ONNX);

        assertThat(builder().onnxFile(file).build().loadOnnx()).isEqualTo(Fixtures.ONNX);
    }

    @Test
    void shouldReportAnUnreadableOnnxFile() {
        Path file = dir.resolve("missing.onnx");

        BundleException e = catchThrowableOfType(BundleException.class, () -> builder().onnxFile(file).build());

        assertThat(e.reason()).isEqualTo(BundleException.Reason.STORAGE_FAILED);
        assertThat(e).hasMessageContaining("missing.onnx");
    }

    @Test
    void shouldReferenceAnAlreadyHostedModel() throws Exception {
        ModelBundle bundle = builder().onnxUri("https://models.example.com/fraud-3.onnx", Sha256.hex(Fixtures.ONNX))
                .build();

        assertThat(bundle.onnxUri()).hasToString("https://models.example.com/fraud-3.onnx");
    }

    @Test
    void shouldValidateWhatItBuilds() {
        BundleException e = catchThrowableOfType(BundleException.class,
                () -> BundleBuilder.forModel("fraud", "3").onnx(Fixtures.ONNX).build());

        assertThat(e.reason()).isEqualTo(BundleException.Reason.INVALID_BUNDLE);
        assertThat(e).hasMessageContaining("DEPLOY needs a manifest");
    }

    @Test
    void shouldRefuseBlankModelName() {
        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleBuilder.forModel(" ", "1").build());

        assertThat(e.reason()).isEqualTo(BundleException.Reason.INVALID_BUNDLE);
    }

    @Test
    void shouldBuildARetirement() throws Exception {
        ModelBundle bundle = BundleBuilder.forModel("fraud", "3").action(ModelAction.RETIRE).build();

        assertThat(bundle.action()).isEqualTo(ModelAction.RETIRE);
        assertThat(bundle.sha256()).isNull();
    }

    private static BundleBuilder builder() {
        return BundleBuilder.forModel("fraud", "3")
                .manifest(Fixtures.manifest())
                .referenceProfile(Fixtures.profile())
                .goldenExamples(List.of(Fixtures.golden()))
                .description("first")
                .publishedBy("me")
                .publishedAt(Instant.parse("2026-11-23T10:00:00Z"));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}

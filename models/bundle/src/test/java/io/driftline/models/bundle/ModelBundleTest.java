package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.driftline.EventFilter;
import io.driftline.FeatureSpec;
import io.driftline.MissingPolicy;
import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelBundleTest {

    @Test
    void shouldRoundTripThroughModelUpdate() throws Exception {
        ModelUpdate original = Fixtures.update();

        ModelBundle bundle = ModelBundle.fromUpdate(original);

        assertThat(bundle.toUpdate()).isEqualTo(original).isNotSameAs(original);
        assertThat(bundle.model()).isEqualTo("fraud");
        assertThat(bundle.version()).isEqualTo("3");
        assertThat(bundle.action()).isEqualTo(ModelAction.DEPLOY);
        assertThat(bundle.manifest()).isEqualTo(original.getManifest());
        assertThat(bundle.referenceProfile()).isEqualTo(original.getReferenceProfile());
        assertThat(bundle.goldenExamples()).containsExactly(Fixtures.golden());
        assertThat(bundle.sha256()).isEqualTo(Sha256.hex(Fixtures.ONNX));
        assertThat(bundle.isInline()).isTrue();
        assertThat(bundle.onnxUri()).isNull();
        assertThat(bundle.publishedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(bundle.loadOnnx()).isEqualTo(Fixtures.ONNX);
    }

    @Test
    void shouldGiveWholeCopiesToThreadsCopyingOneBundleAtOnce() throws Exception {
        ModelBundle bundle = ModelBundle.fromUpdate(Fixtures.update());
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> sizes = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                sizes.add(pool.submit(() -> {
                    start.await();
                    int smallest = Integer.MAX_VALUE;
                    for (int i = 0; i < 2_000; i++) {
                        smallest = Math.min(smallest, bundle.toUpdate().getOnnx().remaining());
                    }
                    return smallest;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> size : sizes) {
                assertThat(size.get()).as("no copy saw the ONNX bytes consumed").isEqualTo(Fixtures.ONNX.length);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNotChangeWhenTheSourceOrReturnedObjectsChange() throws Exception {
        ModelUpdate source = Fixtures.update();
        ModelBundle bundle = ModelBundle.fromUpdate(source);

        source.getManifest().getFeatures().get(0).setName("changed");
        bundle.manifest().getFeatures().get(0).setName("changed too");
        bundle.toUpdate().setVersion("99");
        bundle.referenceProfile().setSampleSize(-1);

        assertThat(bundle.manifest().getFeatures().get(0).getName()).isEqualTo("amount");
        assertThat(bundle.version()).isEqualTo("3");
        assertThat(bundle.referenceProfile().getSampleSize()).isEqualTo(100);
    }

    @Test
    void shouldAcceptRetireWithNothingButNameAndVersion() throws Exception {
        ModelUpdate retire = ModelUpdate.newBuilder().setModel("fraud").setVersion("3").setAction(ModelAction.RETIRE)
                .setPublishedAt(Instant.now()).build();

        ModelBundle bundle = ModelBundle.fromUpdate(retire);

        assertThat(bundle.action()).isEqualTo(ModelAction.RETIRE);
        assertThat(bundle.manifest()).isNull();
        assertThatThrownBy(bundle::loadOnnx).isInstanceOf(BundleException.class);
    }

    @Test
    void shouldRejectDeployWithoutManifest() {
        assertRejected(u -> u.setManifest(null), BundleException.Reason.INVALID_BUNDLE, "DEPLOY needs a manifest");
    }

    @Test
    void shouldRejectShadowWithoutSha256() {
        assertRejected(u -> {
            u.setAction(ModelAction.SHADOW);
            u.setSha256(null);
        }, BundleException.Reason.INVALID_BUNDLE, "sha256 must be 64 lower-case hex digits");
    }

    @Test
    void shouldRejectUpperCaseSha256() {
        assertRejected(u -> u.setSha256(u.getSha256().toUpperCase()), BundleException.Reason.INVALID_BUNDLE,
                "sha256 must be 64 lower-case hex digits");
    }

    @Test
    void shouldRejectBundleWithNeitherInlineOnnxNorUri() {
        assertRejected(u -> u.setOnnx(null), BundleException.Reason.INVALID_BUNDLE, "got neither");
    }

    @Test
    void shouldRejectBundleWithBothInlineOnnxAndUri() {
        assertRejected(u -> u.setOnnxUri("file:///tmp/model.onnx"), BundleException.Reason.INVALID_BUNDLE, "got both");
    }

    @Test
    void shouldRejectEmptyInlineOnnx() {
        assertRejected(u -> u.setOnnx(ByteBuffer.allocate(0)), BundleException.Reason.INVALID_BUNDLE, "inline onnx is empty");
    }

    @Test
    void shouldRejectUnsupportedUriScheme() {
        assertRejected(u -> {
            u.setOnnx(null);
            u.setOnnxUri("s3://bucket/model.onnx");
        }, BundleException.Reason.UNSUPPORTED_URI, "s3://bucket/model.onnx");
    }

    @Test
    void shouldRejectBlankVersion() {
        assertRejected(u -> u.setVersion(" "), BundleException.Reason.INVALID_BUNDLE, "version is missing or blank");
    }

    @Test
    void shouldRejectDuplicateFeatureNames() {
        assertRejected(u -> u.getManifest().getFeatures().get(2).setName("amount"),
                BundleException.Reason.INVALID_MANIFEST, "duplicate feature name 'amount'");
    }

    @Test
    void shouldRejectCategoricalFeatureWithoutVocabulary() {
        assertRejected(u -> u.getManifest().getFeatures().get(2).setVocabulary(null),
                BundleException.Reason.INVALID_MANIFEST, "categorical feature 'category' has no vocabulary");
    }

    @Test
    void shouldRejectReferenceMeanWithoutProfile() {
        assertRejected(u -> u.setReferenceProfile(null), BundleException.Reason.INVALID_MANIFEST,
                "feature 'age' uses REFERENCE_MEAN but the bundle has no reference profile for it");
    }

    @Test
    void shouldRejectInvalidFieldPath() {
        assertRejected(u -> u.getManifest().getFeatures().get(1).setField("profile..age"),
                BundleException.Reason.INVALID_MANIFEST, "invalid field path: 'profile..age'");
    }

    @Test
    void shouldRejectManifestWithoutFeatures() {
        assertRejected(u -> u.getManifest().setFeatures(List.of()), BundleException.Reason.INVALID_MANIFEST,
                "manifest has no features");
    }

    @Test
    void shouldRejectPositiveClassOutsideClassLabels() {
        assertRejected(u -> u.getManifest().getOutput().setPositiveClass("fraud"),
                BundleException.Reason.INVALID_MANIFEST, "positiveClass 'fraud' is not one of classLabels [no, yes]");
    }

    @Test
    void shouldRejectGoldenExampleOfTheWrongWidth() {
        assertRejected(u -> u.getGoldenExamples().get(0).setFeatures(List.of(1.0)),
                BundleException.Reason.INVALID_BUNDLE, "golden example 0 has 1 features, the manifest has 3");
    }

    @Test
    void shouldRejectProfileWithMismatchedBins() {
        assertRejected(u -> u.getReferenceProfile().getFeatures().get(0).setBinFractions(List.of(1.0)),
                BundleException.Reason.INVALID_BUNDLE, "has 2 bin edges but 1 fractions");
    }

    @Test
    void shouldAcceptManifestWithoutReferenceMeanFeaturesAndNoProfile() throws Exception {
        ModelUpdate u = Fixtures.update();
        u.setReferenceProfile(null);
        FeatureSpec age = u.getManifest().getFeatures().get(1);
        age.setMissing(MissingPolicy.DEFAULT);

        assertThat(ModelBundle.fromUpdate(u).referenceProfile()).isNull();
    }

    @Test
    void shouldRejectBundleWithChecksumMismatch() throws Exception {
        ModelUpdate u = Fixtures.update();
        u.setSha256(Sha256.hex("other bytes".getBytes()));
        ModelBundle bundle = ModelBundle.fromUpdate(u);

        BundleException e = catchThrowableOfType(BundleException.class, bundle::loadOnnx);

        assertThat(e.reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH);
        assertThat(e).hasMessage("sha256 mismatch for model fraud v3: expected " + u.getSha256() + ", got "
                + Sha256.hex(Fixtures.ONNX));
    }

    @Test
    void shouldAcceptRoutingToOtherTopicsWithAFilter() throws Exception {
        ModelUpdate u = Fixtures.update();
        u.getManifest().setInputTopics(List.of("merchant-events", "loans.v2"));
        u.getManifest().setFilter(EventFilter.newBuilder().setHeader("tenant").setValues(List.of("acme")).build());
        u.getManifest().setOutputTopic("merchant-predictions");

        ModelBundle bundle = ModelBundle.fromUpdate(u);

        assertThat(bundle.manifest().getInputTopics()).containsExactly("merchant-events", "loans.v2");
        assertThat(bundle.manifest().getFilter().getHeader()).isEqualTo("tenant");
        assertThat(bundle.manifest().getOutputTopic()).isEqualTo("merchant-predictions");
    }

    @Test
    void shouldRejectRoutingThatKafkaOrTheFilterCannotTake() {
        assertRejected(u -> u.getManifest().setInputTopics(List.of("bad topic")), BundleException.Reason.INVALID_MANIFEST,
                "inputTopics: 'bad topic' is not a valid Kafka topic name");
        assertRejected(u -> u.getManifest().setInputTopics(List.of("a", "a")), BundleException.Reason.INVALID_MANIFEST,
                "inputTopics has duplicates");
        assertRejected(u -> u.getManifest().setOutputTopic("out/put"), BundleException.Reason.INVALID_MANIFEST,
                "outputTopic: 'out/put' is not a valid Kafka topic name");
        assertRejected(u -> {
            u.getManifest().setInputTopics(List.of("loop"));
            u.getManifest().setOutputTopic("loop");
        }, BundleException.Reason.INVALID_MANIFEST, "would score its own predictions");
        assertRejected(u -> u.getManifest().setFilter(EventFilter.newBuilder().setValues(List.of("x")).build()),
                BundleException.Reason.INVALID_MANIFEST, "filter: name exactly one of field and header");
        assertRejected(u -> u.getManifest().setFilter(EventFilter.newBuilder().setField("a").setHeader("h")
                .setValues(List.of("x")).build()), BundleException.Reason.INVALID_MANIFEST, "exactly one of field and header");
        assertRejected(u -> u.getManifest().setFilter(EventFilter.newBuilder().setField("a..b").setValues(List.of("x"))
                .build()), BundleException.Reason.INVALID_MANIFEST, "filter.field: invalid field path 'a..b'");
        assertRejected(u -> u.getManifest().setFilter(EventFilter.newBuilder().setField("country").setValues(List.of())
                .build()), BundleException.Reason.INVALID_MANIFEST, "filter.values: at least one value");
    }

    private static void assertRejected(Consumer<ModelUpdate> breakIt, BundleException.Reason reason, String message) {
        ModelUpdate u = Fixtures.update();
        breakIt.accept(u);

        BundleException e = catchThrowableOfType(BundleException.class, () -> ModelBundle.fromUpdate(u));

        assertThat(e).as("expected a BundleException").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(message);
    }
}

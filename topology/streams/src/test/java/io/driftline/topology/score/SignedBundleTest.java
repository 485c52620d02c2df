package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.BundleSigner;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.SigningKeys;
import io.driftline.models.bundle.TrustedKeys;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry whose verifier trusts one key: only bundles that key signed deploy; every other one is rejected with
 * its own reason before anything is fetched or loaded, and the version serving keeps serving.
 */
class SignedBundleTest {

    private static final KeyPair TRUSTED = SigningKeys.generate();
    private static final BundleSigner SIGNER = BundleSigner.of(TRUSTED);
    private static final BundleSigner STRANGER = BundleSigner.of(SigningKeys.generate());
    private static ModelBundle v1;
    private static ModelBundle v2;

    private final ModelRegistry registry = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC(),
            FetchPolicy.defaults(), TrustedKeys.of(List.of(TRUSTED.getPublic()))), Clock.systemUTC());

    @BeforeAll
    static void train() {
        v1 = DemoModel.train("1", 1, 1_000);
        v2 = DemoModel.train("2", 2, 1_000);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldDeployABundleSignedByTheTrustedKeyAndSaySo() {
        ModelEvent event = registry.apply("fraud", SIGNER.sign(v1.toUpdate()));

        assertThat(event.kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        assertThat(event.message()).startsWith("verified: signature by trusted key " + SIGNER.keyId() + ", checksum,");
        assertThat(registry.serving()).singleElement().extracting(ServingModel::signingKeyId).isEqualTo(SIGNER.keyId());
    }

    @Test
    void shouldRejectAnUnsignedBundleAndKeepServing() {
        registry.apply("fraud", SIGNER.sign(v1.toUpdate()));

        assertRejected(v2.toUpdate(), "UNSIGNED", "model fraud v2 is unsigned");
    }

    @Test
    void shouldRejectABundleChangedAfterSigningAndKeepServing() {
        registry.apply("fraud", SIGNER.sign(v1.toUpdate()));
        ModelUpdate tampered = SIGNER.sign(v2.toUpdate());
        tampered.getManifest().setGoldenTolerance(1.0); // loosen the check after signing

        assertRejected(tampered, "SIGNATURE_INVALID", "changed after signing");
    }

    @Test
    void shouldRejectABundleSignedByAnUnknownKeyAndKeepServing() {
        registry.apply("fraud", SIGNER.sign(v1.toUpdate()));

        assertRejected(STRANGER.sign(v2.toUpdate()), "UNTRUSTED_KEY", STRANGER.keyId());
    }

    @Test
    void shouldCheckTheSignatureBeforeFetchingAnything() {
        ModelUpdate external = v2.toUpdate();
        external.setOnnx(null);
        external.setOnnxUri("file:///dev/zero");

        ModelEvent event = registry.apply("fraud", external);

        assertThat(event.reason()).as("not URI_NOT_ALLOWED: the URI was never looked at").isEqualTo("UNSIGNED");
    }

    @Test
    void shouldStillRetireWithoutASignature() {
        registry.apply("fraud", SIGNER.sign(v1.toUpdate()));

        ModelEvent event = registry.apply("fraud", ModelUpdate.newBuilder().setModel("fraud").setVersion("1")
                .setAction(ModelAction.RETIRE).setPublishedAt(Instant.now()).build());

        assertThat(event.kind()).isEqualTo(ModelEvent.Kind.RETIRED);
    }

    @Test
    void shouldSayWhatItRequiresInOneLine() {
        assertThat(new BundleVerifier(1, Clock.systemUTC()).signaturePolicy())
                .contains("not required and not checked", "models.trusted.keys is empty");
        assertThat(new BundleVerifier(1, Clock.systemUTC(), FetchPolicy.defaults(),
                TrustedKeys.of(List.of(TRUSTED.getPublic()))).signaturePolicy())
                .contains("required", "1 trusted keys", SIGNER.keyId());
    }

    private void assertRejected(ModelUpdate update, String reason, String messagePart) {
        ModelEvent event = registry.apply("fraud", update);

        assertThat(event.kind()).isEqualTo(ModelEvent.Kind.REJECTED);
        assertThat(event.reason()).isEqualTo(reason);
        assertThat(event.message()).contains(messagePart);
        assertThat(event.previousVersion()).isEqualTo("1");
        assertThat(registry.currentVersion("fraud")).isEqualTo("1");
    }
}

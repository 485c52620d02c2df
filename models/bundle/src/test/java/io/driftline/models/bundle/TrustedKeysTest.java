package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.driftline.ModelUpdate;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing a bundle and checking it against trusted keys: only a trusted key's signature over this content passes. */
class TrustedKeysTest {

    @Test
    void shouldVerifyABundleSignedByATrustedKeyAndNameTheKey() throws Exception {
        BundleSigner signer = SigningFixtures.trustedSigner();
        ModelBundle signed = signer.sign(ModelBundle.fromUpdate(Fixtures.update()));

        assertThat(signed.signingKeyId()).isEqualTo(signer.keyId());
        assertThat(SigningFixtures.trusted().verify(signed)).isEqualTo(signer.keyId());
    }

    @Test
    void shouldVerifyABundleSignedWhileBuilding() throws Exception {
        ModelBundle built = BundleBuilder.forModel("fraud", "3").onnx(Fixtures.ONNX).manifest(Fixtures.manifest())
                .referenceProfile(Fixtures.profile()).goldenExamples(List.of(Fixtures.golden())).description("built and signed")
                .signWith(SigningFixtures.trustedSigner()).build();

        assertThat(SigningFixtures.trusted().verify(built)).isEqualTo(SigningFixtures.trustedSigner().keyId());
    }

    @Test
    void shouldVerifyASignatureOpensslMadeOverTheDigest() throws Exception {
        ModelUpdate retire = SigningFixtures.retire();
        retire.setSignature(ByteBuffer.wrap(Files.readAllBytes(SigningFixtures.file("retire.sig"))));
        retire.setSigningKeyId(SigningFixtures.trustedSigner().keyId());

        assertThat(SigningFixtures.trusted().verify(ModelBundle.fromUpdate(retire)))
                .isEqualTo(SigningFixtures.trustedSigner().keyId());
    }

    @Test
    void shouldRejectAnUnsignedBundleAsUnsigned() throws Exception {
        BundleException e = rejection(ModelBundle.fromUpdate(Fixtures.update()));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.UNSIGNED);
        assertThat(e.getMessage()).contains("model fraud v3 is unsigned", "models.trusted.keys", "--sign");
    }

    @Test
    void shouldRejectABundleChangedAfterSigningAsSignatureInvalid() throws Exception {
        ModelUpdate tampered = SigningFixtures.trustedSigner().sign(Fixtures.update());
        tampered.getGoldenExamples().get(0).setExpectedScore(0.3);

        BundleException e = rejection(ModelBundle.fromUpdate(tampered));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("changed after signing", SigningFixtures.trustedSigner().keyId());
    }

    @Test
    void shouldRejectABundleSignedByAnotherKeyAsUntrusted() throws Exception {
        BundleSigner other = SigningFixtures.otherSigner();
        ModelBundle signed = other.sign(ModelBundle.fromUpdate(Fixtures.update()));

        BundleException e = rejection(signed);

        assertThat(e.reason()).isEqualTo(BundleException.Reason.UNTRUSTED_KEY);
        assertThat(e.getMessage()).contains(other.keyId(), "not trusted", SigningFixtures.trustedSigner().keyId());
    }

    @Test
    void shouldRejectAnotherKeysSignatureRelabelledWithTheTrustedKeyIdAsInvalid() throws Exception {
        ModelUpdate relabelled = SigningFixtures.otherSigner().sign(Fixtures.update());
        relabelled.setSigningKeyId(SigningFixtures.trustedSigner().keyId());

        assertThat(rejection(ModelBundle.fromUpdate(relabelled)).reason())
                .isEqualTo(BundleException.Reason.SIGNATURE_INVALID);
    }

    @Test
    void shouldRejectBytesThatAreNotASignatureAsInvalid() throws Exception {
        ModelUpdate garbage = Fixtures.update();
        garbage.setSignature(ByteBuffer.wrap("made up".getBytes()));
        garbage.setSigningKeyId(SigningFixtures.trustedSigner().keyId());

        assertThat(rejection(ModelBundle.fromUpdate(garbage)).reason())
                .isEqualTo(BundleException.Reason.SIGNATURE_INVALID);
    }

    @Test
    void shouldRejectASignatureThatNamesNoKeyAsUntrusted() throws Exception {
        ModelUpdate anonymous = SigningFixtures.trustedSigner().sign(Fixtures.update());
        anonymous.setSigningKeyId(null);

        BundleException e = rejection(ModelBundle.fromUpdate(anonymous));

        assertThat(e.reason()).isEqualTo(BundleException.Reason.UNTRUSTED_KEY);
        assertThat(e.getMessage()).contains("no signingKeyId");
    }

    @Test
    void shouldTrustEveryKeyOfAListAndSayWhenThereAreNone() throws Exception {
        TrustedKeys both = TrustedKeys.load(List.of(SigningFixtures.file("trusted.pub.pem"),
                SigningFixtures.file("other.pub.pem")));

        assertThat(both.ids()).containsExactly(SigningFixtures.trustedSigner().keyId(),
                SigningFixtures.otherSigner().keyId());
        assertThat(both.verify(SigningFixtures.otherSigner().sign(ModelBundle.fromUpdate(Fixtures.update()))))
                .isEqualTo(SigningFixtures.otherSigner().keyId());
        assertThat(TrustedKeys.load(List.of())).isSameAs(TrustedKeys.none());
        assertThat(TrustedKeys.none().isEmpty()).isTrue();
        assertThatThrownBy(() -> TrustedKeys.none().verify(ModelBundle.fromUpdate(Fixtures.update())))
                .isInstanceOf(IllegalStateException.class);
    }

    private static BundleException rejection(ModelBundle bundle) throws KeyFileException {
        TrustedKeys trusted = SigningFixtures.trusted();
        return catchThrowableOfType(() -> trusted.verify(bundle), BundleException.class);
    }
}

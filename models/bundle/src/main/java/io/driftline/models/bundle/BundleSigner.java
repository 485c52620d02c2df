package io.driftline.models.bundle;

import io.driftline.ModelUpdate;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs bundles with an ECDSA P-256 private key: the signature is {@value SigningKeys#ALGORITHM} (ASN.1 DER) over the
 * 32-byte {@link BundleDigest content digest}, and the bundle names the key by its {@link SigningKeys#keyId id}.
 *
 * <p>Why P-256: it is the key type OpenSSF model-signing uses with PEM keys, what cloud KMS and HSMs issue, and the
 * JDK verifies it with no extra library. Ed25519 would be JDK-only too (since Java 15) but fewer KMS and HSMs offer it.
 */
public final class BundleSigner {

    private final KeyPair keys;
    private final String keyId;

    private BundleSigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = SigningKeys.keyId(keys.getPublic());
    }

    /** A signer with a key pair from {@link SigningKeys#readPrivateKey} or {@link SigningKeys#generate}. */
    public static BundleSigner of(KeyPair keys) {
        return new BundleSigner(Objects.requireNonNull(keys, "keys"));
    }

    /** A signer with the PKCS#8 P-256 private key in {@code privateKeyPem}. */
    public static BundleSigner fromPem(Path privateKeyPem) throws KeyFileException {
        return of(SigningKeys.readPrivateKey(privateKeyPem));
    }

    /** The id of the key that signs: lower-case hex SHA-256 of its public key's DER encoding. */
    public String keyId() {
        return keyId;
    }

    /** The signature over a 32-byte content digest. */
    public byte[] sign(byte[] digest) {
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(digest);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * A copy of {@code update} with {@code signature} and {@code signingKeyId} set. Sign last: any field changed
     * afterwards breaks the signature.
     */
    public ModelUpdate sign(ModelUpdate update) {
        ModelUpdate signed = BundleData.INSTANCE.copy(update);
        signed.setSignature(ByteBuffer.wrap(sign(BundleDigest.of(signed))));
        signed.setSigningKeyId(keyId);
        return signed;
    }

    /** {@link #sign(ModelUpdate)} of a bundle, as a bundle. */
    public ModelBundle sign(ModelBundle bundle) throws BundleException {
        return ModelBundle.fromUpdate(sign(bundle.toUpdate()));
    }
}

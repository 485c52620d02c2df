package io.driftline.models.bundle;

import io.driftline.GoldenExample;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.ReferenceProfile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, validated model bundle: the ONNX model (inline or by URI plus SHA-256), its manifest, reference
 * profile and golden examples, as published on the model-updates topic.
 *
 * <p>Build one with {@link BundleBuilder} or read one with {@link #fromUpdate}. Accessors that return Avro
 * records return copies, so a bundle cannot change after validation.
 */
public final class ModelBundle {

    private final ModelUpdate update;
    private final URI onnxUri;

    private ModelBundle(ModelUpdate update, URI onnxUri) {
        this.update = update;
        this.onnxUri = onnxUri;
    }

    /**
     * Validates an update and wraps a copy of it.
     *
     * @throws BundleException when the update cannot serve: DEPLOY and SHADOW need a manifest, a sha256 and
     *     exactly one of inline ONNX bytes or an ONNX URI; feature names must be unique, categorical features
     *     need a vocabulary, REFERENCE_MEAN features need a reference profile, the version must not be blank
     */
    public static ModelBundle fromUpdate(ModelUpdate u) throws BundleException {
        Objects.requireNonNull(u, "update");
        ModelUpdate copy = BundleData.INSTANCE.copy(u);
        if (copy.getGoldenExamples() == null) {
            copy.setGoldenExamples(new ArrayList<>()); // a hand-made update may leave the defaulted list unset
        }
        BundleValidator.validate(copy);
        URI uri = copy.getOnnxUri() == null ? null : BundleValidator.parseUri(copy.getOnnxUri(), id(copy));
        return new ModelBundle(copy, uri);
    }

    /** A fresh copy of the update this bundle was made from, ready to publish (callers may change it). */
    public ModelUpdate toUpdate() {
        return BundleData.INSTANCE.copy(update);
    }

    /** Model name: the model-updates record key. */
    public String model() {
        return update.getModel();
    }

    /** Version label. */
    public String version() {
        return update.getVersion();
    }

    /** DEPLOY, SHADOW or RETIRE. */
    public ModelAction action() {
        return update.getAction();
    }

    /** A copy of the manifest; null only for RETIRE. */
    public ModelManifest manifest() {
        return BundleData.INSTANCE.copy(update.getManifest());
    }

    /** A copy of the training-time reference profile, or null when the bundle has none. */
    public ReferenceProfile referenceProfile() {
        return BundleData.INSTANCE.copy(update.getReferenceProfile());
    }

    /** Copies of the golden examples, possibly empty. */
    public List<GoldenExample> goldenExamples() {
        return update.getGoldenExamples().stream().map(BundleData.INSTANCE::copy).toList();
    }

    /** Lower-case hex SHA-256 of the ONNX bytes; null only for RETIRE. */
    public String sha256() {
        return update.getSha256();
    }

    /** True when the ONNX bytes travel inside the bundle rather than behind {@link #onnxUri()}. */
    public boolean isInline() {
        return update.getOnnx() != null;
    }

    /** Where to fetch the ONNX model, or null when it is inline (or for RETIRE). */
    public URI onnxUri() {
        return onnxUri;
    }

    /** Free-text description, or null. */
    public String description() {
        return update.getDescription();
    }

    /** Who published the bundle, or null. */
    public String publishedBy() {
        return update.getPublishedBy();
    }

    /**
     * A copy of the signature over the bundle's {@link BundleDigest content digest}, or null when unsigned; checked
     * by {@link TrustedKeys#verify}, not here.
     */
    public byte[] signature() {
        if (update.getSignature() == null) {
            return null;
        }
        ByteBuffer signature = update.getSignature().duplicate();
        byte[] bytes = new byte[signature.remaining()];
        signature.get(bytes);
        return bytes;
    }

    /** The id of the key that made {@link #signature()} ({@link SigningKeys#keyId}), or null. */
    public String signingKeyId() {
        return update.getSigningKeyId();
    }

    /** When the bundle was published. */
    public Instant publishedAt() {
        return update.getPublishedAt();
    }

    /**
     * The ONNX model bytes under {@link FetchPolicy#defaults()}: files under {@code ./models} only.
     *
     * @see #loadOnnx(FetchPolicy)
     */
    public byte[] loadOnnx() throws BundleException {
        return loadOnnx(FetchPolicy.defaults());
    }

    /**
     * The ONNX model bytes: the inline copy, or what the URI serves, if the policy admits the URI (checked before
     * anything is read) and within its size and time bounds. Either way the bytes are checked against
     * {@link #sha256()}. May block on the network for up to the policy's timeout: call it off the stream thread.
     *
     * @throws BundleException CHECKSUM_MISMATCH when the bytes do not match, URI_NOT_ALLOWED when the policy does
     *     not admit the URI, FETCH_TOO_LARGE, FETCH_TIMEOUT or REDIRECT_NOT_FOLLOWED past its bounds, FETCH_FAILED
     *     when the URI cannot be read, INVALID_BUNDLE for a RETIRE bundle (it has no model)
     */
    public byte[] loadOnnx(FetchPolicy policy) throws BundleException {
        byte[] bytes;
        if (isInline()) {
            ByteBuffer inline = update.getOnnx().duplicate();
            bytes = new byte[inline.remaining()];
            inline.get(bytes);
        } else if (onnxUri != null) {
            bytes = OnnxFetcher.fetch(onnxUri, id(update), policy);
        } else {
            throw new BundleException(BundleException.Reason.INVALID_BUNDLE, id(update) + " has no ONNX model to load");
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(update.getSha256())) {
            throw new BundleException(BundleException.Reason.CHECKSUM_MISMATCH, "sha256 mismatch for " + id(update)
                    + ": expected " + update.getSha256() + ", got " + actual);
        }
        return bytes;
    }

    @Override
    public String toString() {
        String source = isInline() ? "inline " + update.getOnnx().remaining() + " bytes"
                : onnxUri != null ? "uri " + onnxUri : "no model";
        return "ModelBundle[" + id(update) + " " + action() + ", " + source + ", sha256 " + sha256() + "]";
    }

    private static String id(ModelUpdate u) {
        return "model " + u.getModel() + " v" + u.getVersion();
    }
}

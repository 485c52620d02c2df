package io.driftline.models.bundle;

import io.driftline.GoldenExample;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.ReferenceProfile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fluent builder of a {@link ModelBundle}: {@code BundleBuilder.forModel("fraud", "3").onnxFile(path)
 * .manifest(m).build()}.
 *
 * <p>ONNX models over the inline limit (default {@value #DEFAULT_INLINE_LIMIT_BYTES} bytes, under Kafka's 1 MiB
 * default message size) are written to an external directory and the bundle carries a file: URI plus SHA-256.
 * Not thread-safe; use one builder per bundle.
 */
public final class BundleBuilder {

    /** 900 KiB: leaves room under Kafka's default 1 MiB message for the manifest and profile. */
    public static final long DEFAULT_INLINE_LIMIT_BYTES = 900L * 1024;

    private final String model;
    private final String version;
    private byte[] onnx;
    private Path onnxFile;
    private String onnxUri;
    private String onnxUriSha256;
    private ModelManifest manifest;
    private ReferenceProfile referenceProfile;
    private List<GoldenExample> goldenExamples = List.of();
    private String description;
    private String publishedBy;
    private Instant publishedAt;
    private ByteBuffer signature;
    private String signingKeyId;
    private BundleSigner signer;
    private ModelAction action = ModelAction.DEPLOY;
    private long inlineLimitBytes = DEFAULT_INLINE_LIMIT_BYTES;
    private Path externalDir;

    private BundleBuilder(String model, String version) {
        this.model = model;
        this.version = version;
    }

    /** Starts a bundle for a model name and version label (both checked by {@link #build()}). */
    public static BundleBuilder forModel(String model, String version) {
        return new BundleBuilder(model, version);
    }

    /** The ONNX model bytes (copied); replaces an earlier onnx, onnxFile or onnxUri. */
    public BundleBuilder onnx(byte[] bytes) {
        clearSource();
        this.onnx = Objects.requireNonNull(bytes, "onnx").clone();
        return this;
    }

    /** The ONNX model in a local file, read by {@link #build()}; replaces an earlier source. */
    public BundleBuilder onnxFile(Path file) {
        clearSource();
        this.onnxFile = Objects.requireNonNull(file, "onnxFile");
        return this;
    }

    /** An ONNX model already hosted elsewhere (file: or http(s):) with its known SHA-256; nothing is read now. Replaces an earlier source. */
    public BundleBuilder onnxUri(String uri, String sha256) {
        clearSource();
        this.onnxUri = Objects.requireNonNull(uri, "uri");
        this.onnxUriSha256 = Objects.requireNonNull(sha256, "sha256");
        return this;
    }

    /** How to feed and read the model (copied). */
    public BundleBuilder manifest(ModelManifest manifest) {
        this.manifest = BundleData.INSTANCE.copy(manifest);
        return this;
    }

    /** Training-time distributions for drift detection (copied); optional. */
    public BundleBuilder referenceProfile(ReferenceProfile profile) {
        this.referenceProfile = BundleData.INSTANCE.copy(profile);
        return this;
    }

    /** Inputs with expected outputs, checked before the bundle serves (copied). */
    public BundleBuilder goldenExamples(List<GoldenExample> examples) {
        this.goldenExamples = examples.stream().map(BundleData.INSTANCE::copy).toList();
        return this;
    }

    /** Free text: what changed in this version; null for none. */
    public BundleBuilder description(String description) {
        this.description = description;
        return this;
    }

    /** Who publishes the bundle; null for unknown. */
    public BundleBuilder publishedBy(String publishedBy) {
        this.publishedBy = publishedBy;
        return this;
    }

    /** Publication time; defaults to the time of {@link #build()}. */
    public BundleBuilder publishedAt(Instant publishedAt) {
        this.publishedAt = publishedAt;
        return this;
    }

    /**
     * A signature made elsewhere (a KMS, say) over the bundle's {@link BundleDigest content digest}, with
     * {@link #signingKeyId}; null for none. {@link #signWith} signs here instead.
     */
    public BundleBuilder signature(byte[] signature) {
        this.signature = signature == null ? null : ByteBuffer.wrap(signature.clone());
        return this;
    }

    /** The id of the key that made {@link #signature(byte[])} ({@link SigningKeys#keyId}); null for none. */
    public BundleBuilder signingKeyId(String keyId) {
        this.signingKeyId = keyId;
        return this;
    }

    /** Signs the bundle as {@link #build()}'s last step (replacing any {@link #signature(byte[])}); null for none. */
    public BundleBuilder signWith(BundleSigner signer) {
        this.signer = signer;
        return this;
    }

    /** DEPLOY (default), SHADOW or RETIRE. */
    public BundleBuilder action(ModelAction action) {
        this.action = Objects.requireNonNull(action, "action");
        return this;
    }

    /**
     * Models over {@code limitBytes} are written to {@code externalDir} and referenced by a file: URI.
     *
     * @param limitBytes largest inline model, at least 1
     * @param externalDir directory for larger models (created if needed); shared storage when several
     *     instances must read it
     */
    public BundleBuilder inlineLimitBytes(long limitBytes, Path externalDir) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("inline limit must be >= 1 byte: " + limitBytes);
        }
        this.inlineLimitBytes = limitBytes;
        this.externalDir = Objects.requireNonNull(externalDir, "externalDir");
        return this;
    }

    /**
     * Reads the ONNX file if one was given, stores an oversized model externally, and validates the bundle.
     *
     * @throws BundleException STORAGE_FAILED when the model cannot be read or written, TOO_LARGE when it is
     *     over the limit with no external directory, or any {@link ModelBundle#fromUpdate} failure
     */
    public ModelBundle build() throws BundleException {
        if (ManifestValidator.isBlank(model) || ManifestValidator.isBlank(version)) {
            throw new BundleException(BundleException.Reason.INVALID_BUNDLE,
                    "model name and version must not be blank, got '" + model + "' v'" + version + "'");
        }
        ModelUpdate.Builder update = ModelUpdate.newBuilder()
                .setModel(model).setVersion(version).setAction(action)
                .setManifest(manifest).setReferenceProfile(referenceProfile)
                .setGoldenExamples(new ArrayList<>(goldenExamples))
                .setDescription(description).setPublishedBy(publishedBy).setSignature(signature).setSigningKeyId(signingKeyId)
                .setPublishedAt(publishedAt != null ? publishedAt : Instant.now());
        byte[] bytes = onnxBytes();
        if (bytes != null) {
            String sha = Sha256.hex(bytes);
            update.setSha256(sha);
            if (bytes.length <= inlineLimitBytes) {
                update.setOnnx(ByteBuffer.wrap(bytes));
            } else {
                update.setOnnxUri(ExternalStore.write(bytes, sha, model, version, inlineLimitBytes, externalDir));
            }
        } else if (onnxUri != null) {
            update.setOnnxUri(onnxUri).setSha256(onnxUriSha256);
        }
        ModelUpdate built = update.build();
        return ModelBundle.fromUpdate(signer == null ? built : signer.sign(built));
    }

    private void clearSource() {
        onnx = null;
        onnxFile = null;
        onnxUri = null;
        onnxUriSha256 = null;
    }

    private byte[] onnxBytes() throws BundleException {
        if (onnx != null || onnxFile == null) {
            return onnx;
        }
        try {
            return Files.readAllBytes(onnxFile);
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.STORAGE_FAILED,
                    "cannot read ONNX file " + onnxFile + ": " + e.getMessage(), e);
        }
    }
}

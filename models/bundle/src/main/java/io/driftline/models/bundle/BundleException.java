package io.driftline.models.bundle;

/**
 * A model bundle that cannot be built, read or trusted.
 *
 * <p>{@link #reason()} is a stable code, meant for machines (the MODEL_REJECTED alert's reason, metrics tags);
 * the message is for people and names the bad value.
 */
public final class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused. The names are part of the alert contract: only add, never rename. */
    public enum Reason {
        /** The update lacks something its action needs, or a field has an impossible value. */
        INVALID_BUNDLE,
        /** The manifest contradicts itself or the reference profile (duplicate features, no vocabulary, ...). */
        INVALID_MANIFEST,
        /** The ONNX bytes do not hash to the bundle's sha256. */
        CHECKSUM_MISMATCH,
        /** The ONNX URI could not be read (missing, HTTP error, I/O error). */
        FETCH_FAILED,
        /** The ONNX URI has a scheme other than file, http or https. */
        UNSUPPORTED_URI,
        /** The ONNX model is over the inline limit and no external directory was given. */
        TOO_LARGE,
        /** The ONNX model could not be read from, or written to, local storage while building a bundle. */
        STORAGE_FAILED,
        /** The ONNX URI is not admitted by the instance's fetch policy (models dir, allow-list); nothing was read. */
        URI_NOT_ALLOWED,
        /** The ONNX model behind the URI is over the fetch size bound; reading stopped there. */
        FETCH_TOO_LARGE,
        /** Fetching the ONNX model took longer than the fetch time bound; the fetch was abandoned. */
        FETCH_TIMEOUT,
        /** The ONNX URI answered with a redirect that the fetch policy does not follow. */
        REDIRECT_NOT_FOLLOWED,
        /** The instance trusts signing keys (models.trusted.keys) and the bundle carries no signature. */
        UNSIGNED,
        /** The bundle is signed by a key the instance does not trust, or names no key. */
        UNTRUSTED_KEY,
        /** The signature does not match the bundle's content under the trusted key it names: changed after signing. */
        SIGNATURE_INVALID
    }

    private final Reason reason;

    /** A refusal with its reason code and a message that names the bad value. */
    public BundleException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** A refusal caused by another failure (I/O, HTTP). */
    public BundleException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The stable reason code. */
    public Reason reason() {
        return reason;
    }
}

package io.driftline.topology.score;

/** A bundle that failed verification; the previous version keeps serving. */
public final class BundleRejectedException extends Exception {

    private final String reason;

    BundleRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Stable code: a {@code BundleException} or {@code ModelLoadException} reason name. */
    public String reason() {
        return reason;
    }
}

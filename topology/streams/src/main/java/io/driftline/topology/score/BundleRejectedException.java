package io.driftline.topology.score;

/** A bundle that failed verification; the previous version keeps serving. */
public final class BundleRejectedException extends Exception {

    private final String reason;

    /** Reason of a bundle whose route this instance cannot serve (see {@link ModelRegistry.Admission}). */
    public static final String UNROUTABLE = "UNROUTABLE";

    /** A rejection with a stable reason code and a message saying what to change. */
    public BundleRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Stable code: a {@code BundleException} or {@code ModelLoadException} reason name, or {@link #UNROUTABLE}. */
    public String reason() {
        return reason;
    }
}

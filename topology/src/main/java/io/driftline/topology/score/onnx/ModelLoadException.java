package io.driftline.topology.score.onnx;

/** A model that cannot serve: its ONNX does not load, does not match its manifest, or fails its golden examples. */
public final class ModelLoadException extends Exception {

    /** Stable reason codes, reported in rejection history and MODEL_REJECTED alerts. */
    public enum Reason { ONNX_LOAD_FAILED, SIGNATURE_MISMATCH, GOLDEN_MISMATCH, SCORING_FAILED }

    private final Reason reason;

    public ModelLoadException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ModelLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package io.driftline.topology.score.onnx;

/** A model that cannot serve: its ONNX does not load, does not match its manifest, or fails its golden examples. */
public final class ModelLoadException extends Exception {

    /**
     * Stable reason codes, reported in rejection history and MODEL_REJECTED alerts. Why a model failed to load. {@code SHAPE_MISMATCH} (was {@code SIGNATURE_MISMATCH}): the graph's inputs or
     * outputs (names, types, shapes) do not match the manifest; renamed because no cryptographic signature is involved.
     */
    public enum Reason { ONNX_LOAD_FAILED, SHAPE_MISMATCH, GOLDEN_MISMATCH, SCORING_FAILED }

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

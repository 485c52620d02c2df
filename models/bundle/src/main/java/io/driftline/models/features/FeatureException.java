package io.driftline.models.features;

/**
 * An event that cannot be encoded for a model: a value is missing under the REJECT policy, has the wrong type,
 * or is not finite. The message names the feature, its field path and the bad value.
 *
 * <p>Thrown on the hot path for bad data, so it carries no stack trace: the message says everything and
 * building a trace per bad record would cost more than encoding it.
 */
public final class FeatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stable codes for dead-letter headers and metrics. Only add, never rename. */
    public enum Code {
        /** The value is absent or null and the feature's policy is REJECT. */
        MISSING_FEATURE,
        /** The value (or a record on its path) has a type the feature cannot use. */
        WRONG_TYPE,
        /** A numeric value is NaN or infinite, or too large for a float. */
        NOT_FINITE
    }

    private final Code code;
    private final String feature;
    private final String field;

    FeatureException(Code code, String feature, String field, String detail) {
        super(code + ": feature '" + feature + "' (field '" + field + "'): " + detail, null, false, false);
        this.code = code;
        this.feature = feature;
        this.field = field;
    }

    /** The stable code. */
    public Code code() {
        return code;
    }

    /** The manifest's feature name. */
    public String feature() {
        return feature;
    }

    /** The field path in the event. */
    public String field() {
        return field;
    }
}

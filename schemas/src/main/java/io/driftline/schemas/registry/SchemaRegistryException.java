package io.driftline.schemas.registry;

/**
 * An answer from a schema registry that is not a success, with the HTTP status and the Confluent
 * error code (for example 40401 subject not found, 40403 schema not found, 409 incompatible).
 */
public class SchemaRegistryException extends RuntimeException {

    /** Confluent error code: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: incompatible schema. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: invalid schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent error code: invalid version. */
    public static final int INVALID_VERSION = 42202;
    /** Confluent error code: invalid compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super(message + " (HTTP " + status + ", error code " + errorCode + ")");
        this.status = status;
        this.errorCode = errorCode;
    }

    protected SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** The HTTP status, or -1 when the registry gave no answer. */
    public int status() {
        return status;
    }

    /** The Confluent error code, or -1 when the registry gave no answer. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether this says the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }
}

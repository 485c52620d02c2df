package io.driftline.schemas.registry;

/** The registry could not be reached or kept failing (I/O errors or HTTP 5xx) after every retry. */
public final class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.driftline.models.bundle;

/** A signing or trusted key file that cannot be used; the message names the file and what to do about it. */
public final class KeyFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A key file problem, with a message that names the file. */
    public KeyFileException(String message) {
        super(message);
    }

    /** A key file problem caused by another failure (I/O, a malformed encoding). */
    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

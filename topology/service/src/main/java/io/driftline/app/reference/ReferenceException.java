package io.driftline.app.reference;

import java.nio.file.Path;

/** A reference file that cannot be read or profiled; the message names the file, and the row and column when known. */
public final class ReferenceException extends Exception {

    private static final long serialVersionUID = 1L;

    ReferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    static ReferenceException of(Path file, String message) {
        return new ReferenceException(file + ": " + message, null);
    }

    static ReferenceException of(Path file, String message, Throwable cause) {
        return new ReferenceException(file + ": " + message, cause);
    }

    /** A problem with one value: {@code row} counts data rows from 1 (a CSV header is not a row). */
    static ReferenceException at(Path file, long row, String column, String message, Throwable cause) {
        return new ReferenceException(file + ", row " + row + ", column '" + column + "': " + message, cause);
    }
}

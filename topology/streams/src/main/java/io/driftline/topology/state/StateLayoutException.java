package io.driftline.topology.state;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A stored value that this build cannot read (an unknown layout version, or bytes that do not fit the layout their
 * version names), or cannot write. The message names the store, the version found and the versions known. Thrown
 * rather than starting the state over: a silent misread would lose or corrupt state without anyone knowing.
 */
public final class StateLayoutException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public StateLayoutException(String message) {
        super(message);
    }

    public StateLayoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.driftline.connectors.webhook;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * An alert change that could not be delivered to every webhook URL, or a record that is not an alert: what the
 * task hands to the errant record reporter (and so to the dead-letter topic's error headers), or throws when the
 * worker has no reporter. The message says why, per URL (redacted), with the last HTTP status or error and the
 * attempts made. It carries no stack trace and no cause: the message is the whole story, and a cause from the HTTP
 * stack could quote a secret URL.
 */
public final class AlertDeliveryException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public AlertDeliveryException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

package io.driftline.connectors.webhook;

/**
 * What makes an alert record worth a POST: a new alert, a new status or a new severity. The same state written
 * again with fresher numbers is the same change.
 */
record AlertChange(String alertId, String status, String severity) {

    /** {@code alertId:status:severity}, the Idempotency-Key header: a receiver may drop a repeat of it. */
    String idempotencyKey() {
        return alertId + ":" + status + ":" + severity;
    }
}

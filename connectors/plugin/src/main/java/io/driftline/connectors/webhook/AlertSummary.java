package io.driftline.connectors.webhook;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one-line summary of an alert that the Slack text and the PagerDuty summary share, for example
 * {@code CRITICAL DATA_DRIFT on fraud v3: amount psi 0.41 > 0.25} while open and
 * {@code RESOLVED DATA_DRIFT on fraud v3: amount psi 0.12 (threshold 0.25)} once resolved.
 */
final class AlertSummary {

    private AlertSummary() {
    }

    static String of(AlertRecord alert) {
        StringBuilder line = new StringBuilder();
        line.append(alert.isResolved() ? "RESOLVED" : alert.severity()).append(' ').append(alert.type())
                .append(" on ").append(modelAndVersion(alert)).append(": ").append(alert.subject());
        if (alert.metric() != null) {
            line.append(' ').append(alert.metric());
        }
        if (alert.value() != null) {
            line.append(' ').append(number(alert.value()));
        }
        if (alert.threshold() != null) {
            line.append(alert.isResolved() ? " (threshold " + number(alert.threshold()) + ")"
                    : " > " + number(alert.threshold()));
        }
        return line.toString();
    }

    /** {@code fraud v3}; a version that already starts with "v" is not given a second one. */
    static String modelAndVersion(AlertRecord alert) {
        String version = alert.modelVersion();
        if (version == null || version.isBlank()) {
            return alert.model();
        }
        return alert.model() + " " + (version.startsWith("v") || version.startsWith("V") ? version : "v" + version);
    }

    /** Three significant digits for a reader (0.41, 0.251, 1234), not a double's seventeen. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (Math.abs(value) >= 1000) {
            return Long.toString(Math.round(value));
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}

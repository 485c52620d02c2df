package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.AlertType;
import java.util.Objects;

/**
 * The key of an alert on the compacted alerts topic, {@code model|type|subject}: the one place that builds it, so
 * that every writer keys the same way and at most one alert per (model, type, subject) is current. The bytes on
 * the topic are the UTF-8 of {@link #toString()}, unchanged from before this type existed; consumers (the watcher,
 * the webhook sink, JDBC upserts) depend on them.
 *
 * <p>The type must suit the subject's kind (for instance PERFORMANCE only with a {@link AlertSubject.Kind#PERFORMANCE}
 * subject), so that a key cannot name a PERFORMANCE alert about a feature.
 */
public record AlertKey(String model, AlertType type, AlertSubject subject) {

    private static final char SEPARATOR = '|';

    public AlertKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        if (kindOf(type) != null && kindOf(type) != subject.kind()) {
            throw new IllegalArgumentException("a " + type + " alert needs a " + kindOf(type) + " subject: "
                    + subject);
        }
    }

    /** DATA_DRIFT of one feature. */
    public static AlertKey dataDrift(String model, String feature) {
        return new AlertKey(model, AlertType.DATA_DRIFT, AlertSubject.drift(feature));
    }

    /** PREDICTION_DRIFT of the score (its subject is the prediction's name in the drift report). */
    public static AlertKey predictionDrift(String model, String score) {
        return new AlertKey(model, AlertType.PREDICTION_DRIFT, AlertSubject.drift(score));
    }

    /** PERFORMANCE of a model. */
    public static AlertKey performance(String model) {
        return new AlertKey(model, AlertType.PERFORMANCE, AlertSubject.performance());
    }

    /** CONCEPT_DRIFT of a model version. */
    public static AlertKey conceptDrift(String model, String version) {
        return new AlertKey(model, AlertType.CONCEPT_DRIFT, AlertSubject.concept(version));
    }

    /** MODEL_REJECTED of a bundle version (null for a bundle that did not decode). */
    public static AlertKey modelRejected(String model, String version) {
        return new AlertKey(model, AlertType.MODEL_REJECTED, AlertSubject.model(version));
    }

    /** The start every key of a model's alerts of one type shares, for prefix scans of a store keyed by alert key. */
    public static String prefix(String model, AlertType type) {
        return model + SEPARATOR + type + SEPARATOR;
    }

    /**
     * The key an alert record belongs under, from its own model, type and subject; every record a writer emits is
     * keyed so. OTHER, the type for symbols a newer schema adds, takes a subject of any kind.
     */
    public static AlertKey of(Alert alert) {
        AlertSubject.Kind kind = kindOf(alert.getType());
        if (kind == null) {
            kind = AlertSubject.Kind.DRIFT;
        }
        return new AlertKey(alert.getModel(), alert.getType(), new AlertSubject(kind, alert.getSubject()));
    }

    /** The key as written on the topic: {@code model|type|subject}. */
    @Override
    public String toString() {
        return prefix(model, type) + subject.name();
    }

    /** The subject kind an alert type takes; null for OTHER. */
    static AlertSubject.Kind kindOf(AlertType type) {
        return switch (type) {
            case DATA_DRIFT, PREDICTION_DRIFT -> AlertSubject.Kind.DRIFT;
            case PERFORMANCE -> AlertSubject.Kind.PERFORMANCE;
            case CONCEPT_DRIFT -> AlertSubject.Kind.CONCEPT;
            case MODEL_REJECTED -> AlertSubject.Kind.MODEL;
            case OTHER -> null;
        };
    }
}

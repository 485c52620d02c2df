package io.driftline.topology.alert;

import java.util.Objects;

/**
 * What an alert is about, with its kind, so that no writer has to dress a subject up as something it is not (a
 * PERFORMANCE alert used to pose as a feature named "performance"). {@link #name()} is what the Avro
 * {@code Alert.subject} field and the last part of the topic key carry, unchanged from before kinds existed.
 *
 * @param kind what sort of thing the subject is
 * @param name the subject as written on the topic: a feature name or the score, {@value #PERFORMANCE}, or a model
 *     version
 */
public record AlertSubject(Kind kind, String name) {

    /** The wire name of every PERFORMANCE subject: a model's judged performance metrics as one subject. */
    public static final String PERFORMANCE = "performance";

    /** The kinds of subject, each with the alert types it may carry. */
    public enum Kind {
        /** A drift-tested feature or the model's score (DATA_DRIFT, PREDICTION_DRIFT). */
        DRIFT,
        /** A model's window performance metrics (PERFORMANCE). */
        PERFORMANCE,
        /** A model version's per-event error, watched by the concept drift detector (CONCEPT_DRIFT). */
        CONCEPT,
        /** A model version as a bundle (MODEL_REJECTED). */
        MODEL
    }

    public AlertSubject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A drift-tested feature, or the score of a PREDICTION_DRIFT alert. */
    public static AlertSubject drift(String feature) {
        return new AlertSubject(Kind.DRIFT, feature);
    }

    /** A model's performance metrics. */
    public static AlertSubject performance() {
        return new AlertSubject(Kind.PERFORMANCE, PERFORMANCE);
    }

    /** A model version watched for concept drift. */
    public static AlertSubject concept(String version) {
        return new AlertSubject(Kind.CONCEPT, version);
    }

    /**
     * A model version as a bundle. An undecodable bundle has no version: its subject is {@code "null"}, as it
     * always was on the topic.
     */
    public static AlertSubject model(String version) {
        return new AlertSubject(Kind.MODEL, String.valueOf(version));
    }
}

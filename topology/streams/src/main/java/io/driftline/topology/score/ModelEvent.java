package io.driftline.topology.score;

import java.time.Instant;

/**
 * Something that happened to a model in the registry: shown on the console and the API, and the source of
 * MODEL_REJECTED alerts.
 *
 * @param previousVersion version that served before, or null
 * @param reason          stable reason code for a rejection, null otherwise
 * @param durationMs      time spent fetching, loading and verifying
 */
public record ModelEvent(Kind kind, String model, String version, String previousVersion, boolean shadow,
                         String reason, String message, long durationMs, Instant at) {

    /** What happened. */
    public enum Kind { DEPLOYED, REJECTED, RETIRED, UNCHANGED }
}

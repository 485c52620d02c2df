package io.driftline.http;

import java.util.Map;

/** What the HTTP API shows of a running instance; the service implements it. */
public interface InstanceView {

    /**
     * {@code ready} (Streams RUNNING, nothing left to restore and a model loaded), with the state, the model count,
     * what is being restored and how far, and, when not ready, {@code reason}.
     */
    Map<String, Object> readiness();

    /**
     * {@code status} UP, or DOWN with {@code reason} when the process cannot make progress any more (a restart is
     * what helps): {@code /health} answers 503 then.
     */
    default Map<String, Object> health() {
        return Map.of("status", "UP");
    }

    /** The metrics in the Prometheus text format. */
    String prometheus();

    /** The dashboard's summary: throughput counters, latency, lag, models, history, drift, alerts. */
    Map<String, Object> summary();

    /** Models serving on this instance and their load and reject history. */
    Map<String, Object> models();

    /**
     * A model's lifecycle from the model-audit topic (durable: the same on every instance and after restarts),
     * oldest first, under {@code entries}.
     */
    default Map<String, Object> modelHistory(String model) {
        throw new ApiException(404, "no model history on this instance");
    }

    /**
     * A key's window aggregates as of a time (null: now), from whichever instance owns the key: answered here
     * when this instance does, forwarded to the owner otherwise ({@code forwarded} marks a forwarded request,
     * which is never forwarded again).
     *
     * @throws ApiException with 404 when no aggregates are configured, 503 while the key's owner is unknown
     */
    Map<String, Object> aggregates(String key, Long asOf, boolean forwarded);

    /**
     * Live drift statistics of the windows still open, gathered from every instance: one partial drift report per
     * model version and open window, with which instances answered.
     *
     * @throws ApiException with 404 when the drift stage is off, 503 while not queryable
     */
    Map<String, Object> liveWindows();

    /** This instance's shares of the open windows, packed for the instance that gathers them. */
    byte[] windowShares();

    /** An answer other than 200, with its status. */
    final class ApiException extends RuntimeException {
        private final int status;

        public ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}

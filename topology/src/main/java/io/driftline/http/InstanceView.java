package io.driftline.http;

import java.util.Map;

/** What the HTTP API shows of a running instance; the service implements it. */
public interface InstanceView {

    /** {@code ready} (Streams RUNNING and a model loaded), with the state and the model count. */
    Map<String, Object> readiness();

    /** The metrics in the Prometheus text format. */
    String prometheus();

    /** The dashboard's summary: throughput counters, latency, lag, models, history, drift, alerts. */
    Map<String, Object> summary();

    /** Models serving on this instance and their load and reject history. */
    Map<String, Object> models();
}

package io.driftline.devkit.demo;

import io.driftline.devkit.payments.DemoDrift;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the demo runs with.
 *
 * @param external          attach to an existing cluster and registry instead of starting them
 * @param connection        with {@code external}: how to reach them securely (security.protocol, sasl.*, ssl.*,
 *                          basic.auth.user.info), as {@code --client-config} gives it; passed to the service's
 *                          configuration, which gives each key to the clients it is for
 * @param kafkaPort         port of the embedded broker (0 picks a free one)
 * @param registryPort      port of the development registry (0 picks a free one)
 * @param dataDir           where the broker, registry and state stores keep their data
 * @param eventsPerSecond   rate of the demo's payments; the card population is sized to it
 * @param seed              seeds the cards, the payments and the model
 * @param duration          stop after this long; null runs until Ctrl-C
 * @param reportInterval    how often the console reports progress
 * @param badFraction       chance per payment of a bad record after it (0 to 1)
 * @param httpPort          port of the HTTP API, metrics and dashboard (0 picks a free one, -1 turns it off)
 * @param window            drift window size (tumbling, event time)
 * @param warmUp            history replayed before the live payments so the card windows start full (zero: none)
 * @param drift             drift to inject, or null for none
 * @param driftAt           when the drift starts, after the live payments start
 * @param driftFor          how long it lasts; null: until the demo stops
 * @param labels            whether each payment's outcome goes to the labels topic
 * @param labelDelay        how long after a payment its outcome is known
 */
public record DemoSettings(boolean external, String bootstrapServers, String registryUrl, int kafkaPort,
                           int registryPort, Path dataDir, int eventsPerSecond, long seed, Duration duration,
                           Duration reportInterval, double badFraction, int httpPort, Duration window,
                           Duration warmUp, DemoDrift drift, Duration driftAt, Duration driftFor, boolean labels,
                           Duration labelDelay, Map<String, Object> connection) {

    public DemoSettings {
        connection = Map.copyOf(connection);
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("events per second must be >= 1: " + eventsPerSecond);
        }
        if (!(badFraction >= 0 && badFraction <= 1)) {
            throw new IllegalArgumentException("bad fraction must be between 0 and 1: " + badFraction);
        }
        if (window.toMillis() < 1_000) {
            throw new IllegalArgumentException("drift window must be at least 1s: " + window);
        }
        if (warmUp.isNegative() || labelDelay.isNegative() || driftAt != null && driftAt.isNegative()) {
            throw new IllegalArgumentException("warm-up, label delay and drift start must not be negative: " + warmUp
                    + ", " + labelDelay + ", " + driftAt);
        }
        if (driftFor != null && (driftFor.isZero() || driftFor.isNegative())) {
            throw new IllegalArgumentException("drift length must be positive: " + driftFor);
        }
    }
}

package io.driftline.app.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo runs with.
 *
 * @param external          attach to an existing cluster and registry instead of starting them
 * @param kafkaPort         port of the embedded broker (0 picks a free one)
 * @param registryPort      port of the development registry (0 picks a free one)
 * @param dataDir           where the broker, registry and state stores keep their data
 * @param eventsPerSecond   rate of the demo event generator
 * @param duration          stop after this long; null runs until Ctrl-C
 * @param reportInterval    how often the console reports progress
 */
public record DemoSettings(boolean external, String bootstrapServers, String registryUrl, int kafkaPort,
                           int registryPort, Path dataDir, int eventsPerSecond, long seed, Duration duration,
                           Duration reportInterval) {
}

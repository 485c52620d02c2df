package io.driftline.topology.stats;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.PerformanceTests;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The window statistics stage's configuration keys ({@code drift.*} but the metrics' own): whether it runs, its
 * windows, the minimum sample size and the multiple-testing correction. Each drift metric's keys
 * ({@code drift.<metric>.warn}, ...) are generated from the metric registry by the service, and the performance
 * keys are in {@link PerformanceConfig}; {@link #from} takes what they build.
 */
public final class StatsConfig {

    public static final String DRIFT_ENABLED = "drift.enabled";
    public static final String DRIFT_WINDOW_SIZE_MS = "drift.window.size.ms";
    public static final String DRIFT_WINDOW_GRACE_MS = "drift.window.grace.ms";
    public static final String DRIFT_WINDOW_HOP_MS = "drift.window.hop.ms";
    public static final String DRIFT_IDLE_CLOSE_MS = "drift.window.idle.close.ms";
    public static final String DRIFT_MIN_SAMPLE_SIZE = "drift.min.sample.size";
    public static final String DRIFT_CORRECTION = "drift.correction";

    private StatsConfig() {
    }

    /** A fresh definition of the stage's keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(DRIFT_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Keep window statistics of every feature and the score and publish a drift report per model version "
                            + "per closed window.")
            .define(DRIFT_WINDOW_SIZE_MS, Type.LONG, 60_000L, atLeast(100), Importance.MEDIUM,
                    "Event-time tumbling window of the drift statistics.")
            .define(DRIFT_WINDOW_HOP_MS, Type.LONG, 0L, atLeast(0), Importance.LOW,
                    "Hopping drift windows: a window starts every this many ms (it must divide the window size), so "
                            + "windows overlap and each event counts in size / hop of them; 0 (default) means tumbling "
                            + "windows.")
            .define(DRIFT_WINDOW_GRACE_MS, Type.LONG, 10_000L, atLeast(0), Importance.LOW,
                    "How far behind a task's stream time an event may be and still count in its drift window; a window "
                            + "closes when stream time reaches its end plus this.")
            .define(DRIFT_IDLE_CLOSE_MS, Type.LONG, 30_000L, atLeast(100), Importance.LOW,
                    "A partition with no events for this long closes its drift windows once their end plus grace plus "
                            + "this has passed in wall-clock time; the merge waits twice this for partitions that stay silent.")
            .define(DRIFT_MIN_SAMPLE_SIZE, Type.LONG, 100L, atLeast(1), Importance.LOW,
                    "Fewer events than this in a window and a feature is not tested (INSUFFICIENT_DATA).")
            .define(DRIFT_CORRECTION, Type.STRING, "holm", ValidString.in("holm", "bonferroni", "none"), Importance.LOW,
                    "Multiple-testing correction across all tests of a window.");
    }

    /** The multiple-testing correction ({@value #DRIFT_CORRECTION}), for building the drift thresholds. */
    public static Correction correction(AbstractConfig config) {
        return Correction.fromConfigName(config.getString(DRIFT_CORRECTION));
    }

    /** The minimum sample size ({@value #DRIFT_MIN_SAMPLE_SIZE}), for building the drift thresholds. */
    public static long minSampleSize(AbstractConfig config) {
        return config.getLong(DRIFT_MIN_SAMPLE_SIZE);
    }

    /**
     * The stage's settings from a parsed configuration and what other fragments build.
     *
     * @param thresholds      every drift metric's thresholds, with {@link #correction} and {@link #minSampleSize}
     * @param performance     the performance thresholds ({@link PerformanceConfig#from})
     * @param inputPartitions the number of tasks that send partials, looked up on first use
     * @throws ConfigException when the windows are inconsistent (a hop that does not divide the size), naming the keys
     */
    public static StatsSettings from(AbstractConfig config, DriftThresholds thresholds,
            PerformanceTests.Thresholds performance, IntSupplier inputPartitions) {
        long hop = config.getLong(DRIFT_WINDOW_HOP_MS);
        try {
            return new StatsSettings(config.getBoolean(DRIFT_ENABLED),
                    Duration.ofMillis(config.getLong(DRIFT_WINDOW_SIZE_MS)),
                    Duration.ofMillis(config.getLong(DRIFT_WINDOW_GRACE_MS)),
                    Duration.ofMillis(config.getLong(DRIFT_IDLE_CLOSE_MS)), thresholds, inputPartitions, performance,
                    hop == 0 ? null : Duration.ofMillis(hop));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid drift windows (" + DRIFT_WINDOW_SIZE_MS + ", " + DRIFT_WINDOW_HOP_MS
                    + "): " + e.getMessage());
        }
    }
}

package io.driftline.topology.stats;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.driftline.models.drift.PerformanceTests;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The window performance keys ({@code performance.*}): when performance on labelled predictions, which the
 * statistics stage counts per window, has fallen.
 */
public final class PerformanceConfig {

    public static final String PERFORMANCE_MIN_LABELLED = "performance.min.labelled";
    public static final String PERFORMANCE_ACCURACY_DROP = "performance.accuracy.drop";
    public static final String PERFORMANCE_AUC_DROP = "performance.auc.drop";
    public static final String PERFORMANCE_ERROR_RISE = "performance.error.rise";
    public static final String PERFORMANCE_ALPHA = "performance.alpha";

    private PerformanceConfig() {
    }

    /** A fresh definition of the performance keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(PERFORMANCE_MIN_LABELLED, Type.LONG, 100L, atLeast(1), Importance.LOW,
                    "Fewer labelled predictions than this in a window and its performance is not judged.")
            .define(PERFORMANCE_ACCURACY_DROP, Type.DOUBLE, 0.05, between(1e-9, 1), Importance.LOW,
                    "Accuracy this far below the bundle's reference accuracy has fallen.")
            .define(PERFORMANCE_AUC_DROP, Type.DOUBLE, 0.05, between(1e-9, 1), Importance.LOW,
                    "AUC this far below the bundle's reference AUC has fallen.")
            .define(PERFORMANCE_ERROR_RISE, Type.DOUBLE, 0.25, between(1e-9, 1e6), Importance.LOW,
                    "Log-loss, MAE or RMSE this share above the reference has risen (0.25: 25% worse).")
            .define(PERFORMANCE_ALPHA, Type.DOUBLE, PerformanceTests.Thresholds.defaults().alpha(), between(1e-12, 0.5),
                    Importance.LOW, "A fall counts only when a one-sided test of 'no worse than the reference' has a "
                            + "p-value below this, so that a window's sampling noise does not open alerts.");
    }

    /** The thresholds a parsed configuration that defines {@link #configDef()}'s keys holds. */
    public static PerformanceTests.Thresholds from(AbstractConfig config) {
        return new PerformanceTests.Thresholds(config.getLong(PERFORMANCE_MIN_LABELLED),
                PerformanceTests.Thresholds.defaults().minPerClass(), config.getDouble(PERFORMANCE_ACCURACY_DROP),
                config.getDouble(PERFORMANCE_AUC_DROP), config.getDouble(PERFORMANCE_ERROR_RISE),
                config.getDouble(PERFORMANCE_ALPHA));
    }
}

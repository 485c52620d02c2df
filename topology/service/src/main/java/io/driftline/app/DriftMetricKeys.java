package io.driftline.app;

import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftMetric;
import io.driftline.models.drift.DriftMetrics;
import io.driftline.models.drift.DriftThresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration keys of the drift metrics, generated from a {@link DriftMetrics} registry: the
 * {@link ConfigDef} fragment that {@link DriftlineConfig} merges into its definition, and the reading of
 * {@link DriftThresholds} back out of a parsed configuration. Registering a metric is enough for its keys to exist,
 * with their defaults, validators and docs.
 *
 * <p>Each metric's keys are {@code drift.<name>.<setting>}, {@code <name>} its id with dots for underscores
 * ({@code js_distance}: {@code drift.js.distance.warn}):
 * <ul>
 *   <li>{@code warn} and {@code alert}: its levels (every metric);</li>
 *   <li>{@code alpha}: a test's alpha on its corrected p-value (tests only);</li>
 *   <li>{@code enabled}: whether it runs at all (default {@link DriftMetric#enabledByDefault()}).</li>
 * </ul>
 * Two older names still work as aliases of the warn levels they always set: {@code drift.js.distance} and
 * {@code drift.wasserstein}; setting an alias and its key to different values is an error.
 */
public final class DriftMetricKeys {

    /** The setting of a metric that a key holds. */
    public enum Setting {
        WARN, ALERT, ALPHA, ENABLED;

        String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Old key names, kept working: alias to the generated key it means. */
    static final Map<String, String> ALIASES = Map.of(
            "drift.js.distance", "drift.js.distance.warn",
            "drift.wasserstein", "drift.wasserstein.warn");

    private DriftMetricKeys() {
    }

    /** A metric's key for a setting, e.g. {@code drift.chi.square.alpha}. */
    public static String key(String metricId, Setting setting) {
        return "drift." + metricId.replace('_', '.') + "." + setting.suffix();
    }

    /** Every key of a metric, in the order of {@link Setting}, without aliases. */
    public static List<String> keys(DriftMetric metric) {
        List<String> keys = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting != Setting.ALPHA || metric.type() == DriftMetric.Type.TEST) {
                keys.add(key(metric.id(), setting));
            }
        }
        return keys;
    }

    /** The aliases of a key (an old name that still sets it); empty for most. */
    public static List<String> aliasesOf(String key) {
        return ALIASES.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** Defines every metric's keys (and the aliases of the ones defined) on a definition; returns it. */
    public static ConfigDef define(ConfigDef definition, DriftMetrics metrics) {
        for (DriftMetric metric : metrics.all()) {
            String id = metric.id();
            DriftThresholds.MetricSettings defaults = DriftThresholds.MetricSettings.defaults(metric);
            boolean test = metric.type() == DriftMetric.Type.TEST;
            String warnKey = key(id, Setting.WARN);
            definition.define(key(id, Setting.ENABLED), Type.BOOLEAN, defaults.enabled(), Importance.LOW,
                    "Run the " + metric.description() + " " + (test ? "test" : "metric") + " (" + id
                            + " in drift reports); off leaves it out of reports and of the correction.");
            if (test) {
                definition.define(key(id, Setting.ALPHA), Type.DOUBLE, defaults.alpha(), between(1e-12, 0.5),
                        Importance.LOW, "A " + metric.description()
                                + " test is drift only when its corrected p-value is below this.");
            }
            String warnDoc = test
                    ? "A significant " + metric.description() + " test is drift (warn grade) when "
                            + metric.effectSizeDescription() + " is at or above this; 0: any."
                    : capitalised(metric.description()) + " at or above this is drift (warn grade).";
            ConfigDef.Validator warnRange = between(test ? 0 : 1e-9, metric.maxLevel());
            definition.define(warnKey, Type.DOUBLE, defaults.levels().warn(), warnRange, Importance.LOW, warnDoc);
            for (String alias : aliasesOf(warnKey)) {
                definition.define(alias, Type.DOUBLE, defaults.levels().warn(), warnRange, Importance.LOW,
                        "Old name of " + warnKey + ", still read: " + warnDoc);
            }
            definition.define(key(id, Setting.ALERT), Type.DOUBLE, defaults.levels().alert(),
                    between(1e-9, metric.maxLevel()), Importance.LOW, test
                            ? "A significant " + metric.description() + " test is critical drift (alert grade) when "
                                    + metric.effectSizeDescription() + " is at or above this."
                            : capitalised(metric.description())
                                    + " at or above this is critical drift (alert grade); at least " + warnKey + ".");
        }
        return definition;
    }

    /**
     * The thresholds a parsed configuration sets for every metric of a registry whose keys it defines (see
     * {@link #define}). An alert level left at its default follows a warn level configured above it (keeping the
     * default ratio, or equal where the default warn level is 0), so that configurations written when only the warn
     * (drift) level existed still start; an alert level set below its warn level is an error.
     *
     * @throws ConfigException when a metric's settings are inconsistent, naming its keys
     */
    public static DriftThresholds thresholds(AbstractConfig config, DriftMetrics metrics, Correction correction,
            long minSampleSize) {
        DriftThresholds defaults = DriftThresholds.defaults(metrics);
        Map<String, DriftThresholds.MetricSettings> settings = new LinkedHashMap<>();
        try {
            for (DriftMetric metric : metrics.all()) {
                String id = metric.id();
                Double alpha = metric.type() == DriftMetric.Type.TEST ? config.getDouble(key(id, Setting.ALPHA))
                        : null;
                settings.put(id, new DriftThresholds.MetricSettings(config.getBoolean(key(id, Setting.ENABLED)),
                        levels(config, id, defaults.levels(id).warn()), alpha));
            }
            return new DriftThresholds(metrics, settings, correction, minSampleSize, defaults.minExpectedCount());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid drift thresholds: " + e.getMessage());
        }
    }

    private static DriftThresholds.Levels levels(AbstractConfig config, String id, double defaultWarn) {
        String alertKey = key(id, Setting.ALERT);
        String warnKey = key(id, Setting.WARN);
        String warnKeyUsed = warnKey;
        double warn = config.getDouble(warnKey);
        for (String alias : aliasesOf(warnKey)) {
            if (config.originals().containsKey(alias)) {
                double aliased = config.getDouble(alias);
                if (config.originals().containsKey(warnKeyUsed) && aliased != warn) {
                    throw new IllegalArgumentException(warnKeyUsed + " and its old name " + alias + " are set to different"
                            + " values, " + warn + " and " + aliased + ": set one");
                }
                warn = aliased;
                warnKeyUsed = alias;
            }
        }
        double alert = config.getDouble(alertKey);
        if (!config.originals().containsKey(alertKey) && alert < warn) {
            alert = defaultWarn > 0 ? warn * alert / defaultWarn : warn;
        }
        try {
            return new DriftThresholds.Levels(warn, alert);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(warnKeyUsed + ", " + alertKey + ": " + e.getMessage(), e);
        }
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

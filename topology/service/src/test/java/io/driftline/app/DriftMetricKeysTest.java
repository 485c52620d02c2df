package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.models.drift.Correction;
import io.driftline.models.drift.DriftMetric;
import io.driftline.models.drift.DriftMetrics;
import io.driftline.models.drift.DriftThresholds;
import io.driftline.models.drift.DriftThresholds.Levels;
import io.driftline.models.drift.FeatureKind;
import io.driftline.models.drift.Metric;
import io.driftline.models.drift.ReferenceFeature;
import io.driftline.models.drift.WindowFeature;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The drift.<metric>.* keys generated from the registry, and today's key names, aliases included. */
class DriftMetricKeysTest {

    /** Every key name the README and DriftlineConfig documented before the keys were generated. */
    private static final Map<String, String> TODAYS_KEYS = Map.ofEntries(
            Map.entry("drift.psi.warn", "psi warn"), Map.entry("drift.psi.alert", "psi alert"),
            Map.entry("drift.js.distance", "js_distance warn"), Map.entry("drift.js.distance.alert", "js_distance alert"),
            Map.entry("drift.wasserstein", "wasserstein warn"), Map.entry("drift.wasserstein.alert", "wasserstein alert"),
            Map.entry("drift.ks.alpha", "ks alpha"), Map.entry("drift.ks.warn", "ks warn"),
            Map.entry("drift.ks.alert", "ks alert"), Map.entry("drift.chi.square.alpha", "chi_square alpha"),
            Map.entry("drift.chi.square.warn", "chi_square warn"), Map.entry("drift.chi.square.alert", "chi_square alert"),
            Map.entry("drift.missing.rate.alpha", "missing_rate alpha"),
            Map.entry("drift.missing.rate.warn", "missing_rate warn"),
            Map.entry("drift.missing.rate.alert", "missing_rate alert"));

    @Test
    void shouldDefineTheDocumentedKeysOfEveryRegisteredMetric() {
        Map<String, ConfigDef.ConfigKey> keys = DriftlineConfig.DEFINITION.configKeys();
        for (DriftMetric metric : DriftMetrics.standard().all()) {
            String name = "drift." + metric.id().replace('_', '.');
            boolean test = metric.type() == DriftMetric.Type.TEST;
            assertThat(keys).containsKeys(name + ".warn", name + ".alert", name + ".enabled");
            if (test) {
                assertThat(keys).containsKey(name + ".alpha");
                assertThat(keys.get(name + ".alpha").defaultValue).isEqualTo(metric.defaultAlpha());
                assertThat(keys.get(name + ".alpha").documentation).contains("corrected p-value");
            } else {
                assertThat(keys).doesNotContainKey(name + ".alpha");
            }
            assertThat(keys.get(name + ".warn").defaultValue).isEqualTo(metric.defaultLevels().warn());
            assertThat(keys.get(name + ".alert").defaultValue).isEqualTo(metric.defaultLevels().alert());
            assertThat(keys.get(name + ".enabled").defaultValue).isEqualTo(true);
            assertThat(keys.get(name + ".warn").documentation).contains("drift (warn grade)");
            assertThat(keys.get(name + ".alert").documentation).contains("critical drift (alert grade)");
            assertThat(DriftMetricKeys.keys(metric)).allSatisfy(k -> assertThat(keys).containsKey(k))
                    .hasSize(test ? 4 : 3);
        }
        assertThat(keys).containsKeys("drift.js.distance.warn", "drift.wasserstein.warn", "drift.chi.square.enabled");
    }

    @Test
    void shouldKeepEveryKeyNameOfTodayWorkingWithItsMeaning() {
        assertThat(DriftlineConfig.DEFINITION.names()).containsAll(TODAYS_KEYS.keySet());
        // A distinct value for each key, in range for every metric; alerts above warns.
        Map<String, Object> props = Map.ofEntries(
                Map.entry("drift.psi.warn", "0.21"), Map.entry("drift.psi.alert", "0.41"),
                Map.entry("drift.js.distance", "0.11"), Map.entry("drift.js.distance.alert", "0.31"),
                Map.entry("drift.wasserstein", "0.22"), Map.entry("drift.wasserstein.alert", "0.62"),
                Map.entry("drift.ks.alpha", "0.001"), Map.entry("drift.ks.warn", "0.02"),
                Map.entry("drift.ks.alert", "0.15"), Map.entry("drift.chi.square.alpha", "0.002"),
                Map.entry("drift.chi.square.warn", "0.03"), Map.entry("drift.chi.square.alert", "0.2"),
                Map.entry("drift.missing.rate.alpha", "0.003"), Map.entry("drift.missing.rate.warn", "0.01"),
                Map.entry("drift.missing.rate.alert", "0.05"));
        assertThat(props.keySet()).isEqualTo(TODAYS_KEYS.keySet());

        DriftThresholds t = new DriftlineConfig(props).driftThresholds();

        assertThat(t.levels(Metric.PSI)).isEqualTo(new Levels(0.21, 0.41));
        assertThat(t.levels(Metric.JS_DISTANCE)).isEqualTo(new Levels(0.11, 0.31));
        assertThat(t.levels(Metric.WASSERSTEIN)).isEqualTo(new Levels(0.22, 0.62));
        assertThat(t.levels(Metric.KS)).isEqualTo(new Levels(0.02, 0.15));
        assertThat(t.levels(Metric.CHI_SQUARE)).isEqualTo(new Levels(0.03, 0.2));
        assertThat(t.levels(Metric.MISSING_RATE)).isEqualTo(new Levels(0.01, 0.05));
        assertThat(t.alpha(Metric.KS)).isEqualTo(0.001);
        assertThat(t.alpha(Metric.CHI_SQUARE)).isEqualTo(0.002);
        assertThat(t.alpha(Metric.MISSING_RATE)).isEqualTo(0.003);
    }

    @Test
    void shouldReadTheNewWarnKeysAndTheirOldNamesAlike() {
        DriftThresholds generated = new DriftlineConfig(Map.of("drift.js.distance.warn", "0.15",
                "drift.wasserstein.warn", "0.6")).driftThresholds();
        DriftThresholds old = new DriftlineConfig(Map.of("drift.js.distance", "0.15", "drift.wasserstein", "0.6"))
                .driftThresholds();

        assertThat(generated).isEqualTo(old);
        assertThat(generated.levels(Metric.JS_DISTANCE).warn()).isEqualTo(0.15);
        assertThat(generated.levels(Metric.WASSERSTEIN).warn()).isEqualTo(0.6);
        assertThat(old.levels(Metric.WASSERSTEIN).alert()).as("a default alert level follows, ratio 2.5")
                .isCloseTo(1.5, within(1e-12));
        assertThat(new DriftlineConfig(Map.of("drift.js.distance", "0.15", "drift.js.distance.warn", "0.15"))
                .driftThresholds().levels(Metric.JS_DISTANCE).warn()).as("both, agreeing").isEqualTo(0.15);
        assertThatThrownBy(() -> new DriftlineConfig(Map.of("drift.js.distance", "0.15",
                "drift.js.distance.warn", "0.12"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.js.distance.warn and its old name drift.js.distance");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of("drift.wasserstein", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.wasserstein");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of("drift.wasserstein", "0.9",
                "drift.wasserstein.alert", "0.5"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.wasserstein, drift.wasserstein.alert: warn level must not exceed");
    }

    @Test
    void shouldTurnAMetricOffAndValidateTheGeneratedKeys() {
        DriftThresholds t = new DriftlineConfig(Map.of("drift.wasserstein.enabled", "false")).driftThresholds();

        assertThat(t.enabled(Metric.WASSERSTEIN)).isFalse();
        assertThat(t.enabledMetrics()).extracting(DriftMetric::id).doesNotContain(Metric.WASSERSTEIN)
                .contains(Metric.KS);
        assertThat(new DriftlineConfig(Map.of()).driftThresholds()).isEqualTo(DriftThresholds.defaults());
        assertThatThrownBy(() -> new DriftlineConfig(Map.of("drift.ks.alpha", "0.9")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.ks.alpha");
        assertThatThrownBy(() -> new DriftlineConfig(Map.of("drift.js.distance.alert", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.js.distance.alert");
    }

    /** A metric in another registry gets its keys and is read back with no edit to the generator. */
    @Test
    void shouldGenerateAndReadTheKeysOfAnyRegisteredMetric() {
        DriftMetric extra = new DriftMetric() {
            @Override
            public String id() {
                return "mean_shift";
            }

            @Override
            public String description() {
                return "mean shift";
            }

            @Override
            public Type type() {
                return Type.TEST;
            }

            @Override
            public Set<FeatureKind> featureKinds() {
                return Set.of(FeatureKind.NUMERIC);
            }

            @Override
            public double maxLevel() {
                return 10;
            }

            @Override
            public boolean enabledByDefault() {
                return false;
            }

            @Override
            public Levels defaultLevels() {
                return new Levels(0, 1);
            }

            @Override
            public double defaultAlpha() {
                return 0.01;
            }

            @Override
            public Optional<Result> compute(ReferenceFeature r, WindowFeature w, DriftThresholds t) {
                return Optional.empty();
            }
        };
        DriftMetrics metrics = DriftMetrics.standard().with(extra);
        ConfigDef definition = DriftMetricKeys.define(new ConfigDef(), metrics);

        assertThat(DriftMetricKeys.keys(extra)).containsExactly("drift.mean.shift.warn", "drift.mean.shift.alert",
                "drift.mean.shift.alpha", "drift.mean.shift.enabled");
        assertThat(definition.names()).containsAll(DriftMetricKeys.keys(extra));
        AbstractConfig config = new AbstractConfig(definition, Map.of("drift.mean.shift.alpha", "0.02",
                "drift.mean.shift.warn", "0.5", "drift.mean.shift.enabled", "true"), false);
        DriftThresholds t = DriftMetricKeys.thresholds(config, metrics, Correction.HOLM, 100);

        assertThat(t.alpha("mean_shift")).isEqualTo(0.02);
        assertThat(t.levels("mean_shift")).isEqualTo(new Levels(0.5, 1));
        assertThat(t.enabled("mean_shift")).isTrue();
        assertThat(DriftMetricKeys.thresholds(new AbstractConfig(definition, Map.of(), false), metrics,
                Correction.HOLM, 100).enabled("mean_shift")).as("off by default").isFalse();
        assertThat(List.copyOf(t.settings().keySet())).endsWith("mean_shift");
    }
}

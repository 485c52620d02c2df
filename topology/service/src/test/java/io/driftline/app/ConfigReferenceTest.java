package io.driftline.app;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    static final String UPDATE = "driftline.config.reference.update";

    @Test
    void shouldMatchTheReadmesConfigurationReference() throws Exception {
        Path readme = ConfigReference.readme(Path.of("").toAbsolutePath());
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String generated = ConfigReference.markdown(DriftlineConfig.DEFINITION);
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(readme, ConfigReference.withReference(text, generated), StandardCharsets.UTF_8);
            text = Files.readString(readme, StandardCharsets.UTF_8);
        }
        assertThat(ConfigReference.section(text))
                .as("README.md's configuration reference is stale; regenerate it with: mvn -B -o test -pl "
                        + "topology/service -am -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                        + UPDATE + "=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldMatchTheReadmesDriftMetricTable() throws Exception {
        Path readme = ConfigReference.readme(Path.of("").toAbsolutePath());
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String generated = ConfigReference.metricsMarkdown(io.driftline.models.drift.DriftMetrics.standard());
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(readme, ConfigReference.withSection(text, ConfigReference.METRICS_START,
                    ConfigReference.METRICS_END, generated), StandardCharsets.UTF_8);
            text = Files.readString(readme, StandardCharsets.UTF_8);
        }
        assertThat(ConfigReference.section(text, ConfigReference.METRICS_START, ConfigReference.METRICS_END))
                .as("README.md's drift metric table is stale; regenerate it with: mvn -B -o test -pl "
                        + "topology/service -am -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                        + UPDATE + "=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldListEveryRegisteredMetricWithItsKeysAndDefaults() {
        String table = ConfigReference.metricsMarkdown(io.driftline.models.drift.DriftMetrics.standard());
        assertThat(table).contains("(`psi`) | `drift.psi.*` | 0.25 / 0.5 |  |")
                .contains("(`js_distance`) | `drift.js.distance.*` | 0.1 / 0.2 |")
                .contains("(`ks`) | `drift.ks.*` | 0 / 0.1 | 0.0001 |");
        assertThat(table.lines().count()).isEqualTo(io.driftline.models.drift.DriftMetrics.standard().ids().size() + 2);
    }

    @Test
    void shouldListEveryKeyOfTheDefinitionOnce() {
        String table = ConfigReference.markdown(DriftlineConfig.DEFINITION);
        for (String name : DriftlineConfig.DEFINITION.names()) {
            assertThat(table).containsOnlyOnce("| `" + name + "` |");
        }
        assertThat(table.lines().count()).isEqualTo(DriftlineConfig.DEFINITION.names().size() + 2);
    }

    @Test
    void shouldRenderTypeDefaultValidValuesAndEscapedDoc() {
        ConfigDef def = new ConfigDef()
                .define("a.ms", ConfigDef.Type.LONG, 5L, atLeast(1), ConfigDef.Importance.LOW, "Reads agg.<name> | x.")
                .define("b", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "Empty by default.")
                .define("c", ConfigDef.Type.LIST, ConfigDef.Importance.LOW, "Required.");
        assertThat(ConfigReference.markdown(def)).isEqualTo("""
                | key | type | default | valid values | doc |
                |---|---|---|---|---|
                | `a.ms` | long | `5` | at least `1` | Reads agg.&lt;name&gt; \\| x. |
                | `b` | string | empty |  | Empty by default. |
                | `c` | list | required |  | Required. |
                """);
    }

    @Test
    void shouldReadRangesAsBoundsAndKeepOtherValidators() {
        assertThat(ConfigReference.validValues("[1,...,64]")).isEqualTo("`1` to `64`");
        assertThat(ConfigReference.validValues("[1.0E-9,...,1.0]")).isEqualTo("`1.0E-9` to `1.0`");
        assertThat(ConfigReference.validValues("[0,...]")).isEqualTo("at least `0`");
        assertThat(ConfigReference.validValues("[holm, bonferroni, none]")).isEqualTo("`[holm, bonferroni, none]`");
    }

    @Test
    void shouldReplaceOnlyWhatIsBetweenTheMarkers() {
        String readme = "intro\n" + ConfigReference.START + "\nold\n" + ConfigReference.END + "\noutro\n";
        String updated = ConfigReference.withReference(readme, "| new |\n");
        assertThat(updated).isEqualTo("intro\n" + ConfigReference.START + "\n| new |\n" + ConfigReference.END
                + "\noutro\n");
        assertThat(ConfigReference.section(updated)).isEqualTo("| new |\n");
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigReference.section("no markers"))
                .withMessageContaining(ConfigReference.START);
    }
}

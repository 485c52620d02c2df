package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CorrectionTest {

    static Stream<Arguments> families() {
        return DriftFixtures.named("multiple_testing.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void shouldAdjustLikeTheTextbookBonferroniAndHolm(String name, JsonNode c) {
        double[] p = DriftFixtures.doubles(c.get("pValues"));
        double alpha = c.get("alpha").asDouble();

        double[] bonferroni = Correction.BONFERRONI.adjust(p);
        double[] holm = Correction.HOLM.adjust(p);

        for (int i = 0; i < p.length; i++) {
            assertThat(bonferroni[i]).isCloseTo(c.get("bonferroni").get(i).asDouble(), within(1e-15));
            assertThat(holm[i]).isCloseTo(c.get("holm").get(i).asDouble(), within(1e-15));
            assertThat(bonferroni[i] < alpha).isEqualTo(c.get("bonferroniRejects").get(i).asBoolean());
            assertThat(holm[i] < alpha).isEqualTo(c.get("holmRejects").get(i).asBoolean());
            assertThat(holm[i]).isLessThanOrEqualTo(bonferroni[i]);
        }
        assertThat(Correction.NONE.adjust(p)).containsExactly(p);
    }

    @Test
    void shouldReadConfigNames() {
        assertThat(Correction.fromConfigName("Holm")).isEqualTo(Correction.HOLM);
        assertThat(Correction.BONFERRONI.configName()).isEqualTo("bonferroni");
        assertThatThrownBy(() -> Correction.fromConfigName("bh"))
                .hasMessage("correction must be one of none, bonferroni, holm: bh");
    }

    @Test
    void shouldRefuseAPValueOutsideZeroToOne() {
        assertThatThrownBy(() -> Correction.HOLM.adjust(new double[] {0.1, 1.2}))
                .hasMessage("p-value 1 must be in [0, 1]: 1.2");
    }
}

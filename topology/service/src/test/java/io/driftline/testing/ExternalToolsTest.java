package io.driftline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** How a missing tool is reported: skipped unless {@value ExternalTools#REQUIRE} says it is required. */
class ExternalToolsTest {

    private static final String MISSING = "/nonexistent/driftline-no-such-tool";

    @Test
    void shouldSkipAMissingToolWhenNotRequired() {
        for (String setting : new String[] {null, "", "0", "false", "no", " NO "}) {
            assertThatThrownBy(() -> ExternalTools.require(MISSING, "apt-get install it", setting))
                    .as("%s=%s", ExternalTools.REQUIRE, setting).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("apt-get install it");
        }
    }

    @Test
    void shouldFailAMissingToolWhenRequired() {
        for (String setting : new String[] {"1", "true", "yes", "TRUE"}) {
            assertThatThrownBy(() -> ExternalTools.require(MISSING, "apt-get install it", setting))
                    .as("%s=%s", ExternalTools.REQUIRE, setting).isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("may not be skipped");
        }
    }

    @Test
    void shouldRefuseASettingThatIsNeitherYesNorNo() {
        assertThatThrownBy(() -> ExternalTools.required("maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maybe");
    }

    @Test
    void shouldFindAToolThatIsThere() {
        assertThat(ExternalTools.require("/bin/sh", "it is always there", "1")).hasToString("/bin/sh");
    }
}

package io.driftline.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools some tests drive from outside the JVM (Debian's chromium, prometheus, promtool). `mvn verify` on a machine
 * with only Java and Maven skips those tests, saying how to enable them; CI ({@code .ci/run}) installs the tools and
 * sets {@value #REQUIRE}, which turns a missing tool into a failure, so nothing is skipped there.
 */
public final class ExternalTools {

    /** Environment variable that makes a missing tool fail the test instead of skipping it. */
    public static final String REQUIRE = "DRIFTLINE_REQUIRE_EXTERNAL_TOOLS";

    private ExternalTools() {
    }

    /** The tool on the PATH (or at an absolute path); skips or fails the calling test when it is missing. */
    public static Path require(String tool, String howToInstall) {
        Optional<Path> found = tool.startsWith("/") ? Optional.of(Path.of(tool)).filter(Files::isExecutable)
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = tool + " is not installed: " + howToInstall + " (.ci/run does)";
        if (System.getenv(REQUIRE) != null) {
            Assertions.fail(message + "; " + REQUIRE + " is set, so this test may not be skipped");
        }
        Assumptions.abort(message + "; skipping");
        throw new AssertionError("unreachable");
    }
}

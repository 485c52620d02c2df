package io.driftline.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools some tests drive from outside the JVM (Debian's chromium, prometheus, promtool). `mvn verify` on a machine
 * with only Java and Maven skips those tests, saying how to enable them; CI ({@code .ci/run}) installs the tools and
 * sets {@value #REQUIRE}{@code =1}, which turns a missing tool into a failure, so nothing is skipped there.
 *
 * <p>Call {@link #require} first in a test, before it starts anything or asserts anything: a test that is skipped
 * for want of a tool must be reported as skipped, not half run.
 */
public final class ExternalTools {

    /**
     * Environment variable that makes a missing tool fail the test instead of skipping it: {@code 1}, {@code true}
     * or {@code yes} require the tools; unset, empty, {@code 0}, {@code false} or {@code no} do not.
     */
    public static final String REQUIRE = "DRIFTLINE_REQUIRE_EXTERNAL_TOOLS";

    private ExternalTools() {
    }

    /** The tool on the PATH (or at an absolute path); skips or fails the calling test when it is missing. */
    public static Path require(String tool, String howToInstall) {
        return require(tool, howToInstall, System.getenv(REQUIRE));
    }

    /** As {@link #require(String, String)}, with the value of {@value #REQUIRE} given. */
    static Path require(String tool, String howToInstall, String requireSetting) {
        Optional<Path> found = tool.startsWith("/") ? Optional.of(Path.of(tool)).filter(Files::isExecutable)
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = tool + " is not installed: " + howToInstall + " (.ci/run does)";
        if (required(requireSetting)) {
            Assertions.fail(message + "; " + REQUIRE + "=" + requireSetting + ", so this test may not be skipped");
        }
        Assumptions.abort(message + "; skipping (set " + REQUIRE + "=1 to fail instead)");
        throw new AssertionError("unreachable");
    }

    /**
     * Whether a value of {@value #REQUIRE} requires the tools.
     *
     * @throws IllegalArgumentException for a value that is neither yes nor no, rather than guess
     */
    public static boolean required(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "0", "false", "no" -> false;
            case "1", "true", "yes" -> true;
            default -> throw new IllegalArgumentException(REQUIRE + " must be 1/true/yes or 0/false/no: " + value);
        };
    }
}

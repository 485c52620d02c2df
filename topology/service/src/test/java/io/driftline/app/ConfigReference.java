package io.driftline.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's configuration reference, generated from {@link DriftlineConfig#DEFINITION}: one markdown table row
 * per key (key, type, default, valid values, doc) in the definition's order, between {@link #START} and
 * {@link #END}. Kafka's own {@code toHtml}/{@code toRst} are not markdown, hence ours. Development only, so it
 * lives with the tests and is not in the service jar.
 *
 * <p>Regenerate: {@code mvn -B -o test -pl topology/service -am -Dtest=ConfigReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddriftline.config.reference.update=true}, or run {@link #main} with the
 * test classpath.
 */
public final class ConfigReference {

    /** Marker comments the reference sits between in README.md. */
    public static final String START = "<!-- config-reference:start -->";
    public static final String END = "<!-- config-reference:end -->";

    private static final Pattern RANGE = Pattern.compile("\\[([^,\\]]+),\\.\\.\\.(?:,([^,\\]]+))?\\]");

    private ConfigReference() {
    }

    /** Rewrites the reference in the README of the repository around the working directory. */
    public static void main(String[] args) throws IOException {
        Path readme = readme(Path.of("").toAbsolutePath());
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = withReference(text, markdown(DriftlineConfig.DEFINITION));
        if (!updated.equals(text)) {
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
        }
        System.out.println((updated.equals(text) ? "Up to date: " : "Updated: ") + readme);
    }

    /** The markdown table of every key of a definition, in its order, ending with a line break. */
    public static String markdown(ConfigDef definition) {
        StringBuilder out = new StringBuilder("| key | type | default | valid values | doc |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultValue(key)).append(" | ")
                    .append(key.validator == null ? "" : validValues(key.validator.toString())).append(" | ")
                    .append(escape(key.documentation == null ? "" : key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        Object value = key.defaultValue;
        String text = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        return text.isEmpty() ? "empty" : code(text);
    }

    /** Kafka's ranges print as {@code [1,...]} and {@code [1,...,64]}; read as "at least 1" and "1 to 64". */
    static String validValues(String text) {
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            return range.group(2) == null ? "at least " + code(range.group(1))
                    : code(range.group(1)) + " to " + code(range.group(2));
        }
        return code(text);
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }

    /** Table cells may not hold a bare pipe, and GitHub would take {@code <name>} for an HTML tag and hide it. */
    static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    /** The reference as a README holds it, between the markers (without them); fails when a marker is missing. */
    public static String section(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("README.md has no " + START + " ... " + END + " section");
        }
        return readme.substring(start + START.length(), end).strip() + "\n";
    }

    /** The README with its reference section replaced by {@code table}. */
    public static String withReference(String readme, String table) {
        section(readme); // checks the markers
        int start = readme.indexOf(START) + START.length();
        int end = readme.indexOf(END);
        return readme.substring(0, start) + "\n" + table + readme.substring(end);
    }

    /**
     * The repository's README.md: the nearest folder at or above {@code from} that holds both README.md and the
     * reactor's pom.xml (so a module's own README, should one appear, is not taken for it).
     */
    public static Path readme(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("topology"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("README.md");
            }
        }
        throw new UncheckedIOException(new IOException("no README.md of the repository at or above " + from));
    }
}

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

    /** Marker comments the drift metric table sits between in README.md ("Drift reports"). */
    public static final String METRICS_START = "<!-- drift-metrics:start -->";
    public static final String METRICS_END = "<!-- drift-metrics:end -->";

    private static final Pattern RANGE = Pattern.compile("\\[([^,\\]]+),\\.\\.\\.(?:,([^,\\]]+))?\\]");

    private ConfigReference() {
    }

    /** Rewrites the reference in the README of the repository around the working directory. */
    public static void main(String[] args) throws IOException {
        Path readme = readme(Path.of("").toAbsolutePath());
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = withSection(withReference(text, markdown(DriftlineConfig.DEFINITION)), METRICS_START,
                METRICS_END, metricsMarkdown(io.driftline.models.drift.DriftMetrics.standard()));
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

    /**
     * The drift metrics of a registry as the README's table: name and report id, the generated keys, the default
     * warn / alert levels and, for tests, alpha. Generated so that a metric registered in {@code DriftMetrics} and
     * its defaults reach the README without a hand edit.
     */
    public static String metricsMarkdown(io.driftline.models.drift.DriftMetrics metrics) {
        StringBuilder out = new StringBuilder("| metric (report name) | keys | warn / alert | alpha |\n|---|---|---|---|\n");
        for (String id : metrics.ids()) {
            io.driftline.models.drift.DriftMetric metric = metrics.get(id);
            String warnKey = DriftMetricKeys.key(id, DriftMetricKeys.Setting.WARN);
            String keys = warnKey.substring(0, warnKey.length() - ".warn".length()) + ".*";
            boolean test = metric.type() == io.driftline.models.drift.DriftMetric.Type.TEST;
            out.append("| ").append(escape(metric.description())).append(" (`").append(id).append("`) | `")
                    .append(keys).append("` | ").append(number(metric.defaultLevels().warn())).append(" / ")
                    .append(number(metric.defaultLevels().alert())).append(" | ")
                    .append(test ? number(metric.defaultAlpha()) : "").append(" |\n");
        }
        return out.toString();
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The reference as a README holds it, between the markers (without them); fails when a marker is missing. */
    public static String section(String readme) {
        return section(readme, START, END);
    }

    /** What a README holds between {@code start} and {@code end} (without them); fails when a marker is missing. */
    public static String section(String readme, String start, String end) {
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("README.md has no " + start + " ... " + end + " section");
        }
        return readme.substring(from + start.length(), to).strip() + "\n";
    }

    /** The README with its reference section replaced by {@code table}. */
    public static String withReference(String readme, String table) {
        return withSection(readme, START, END, table);
    }

    /** The README with what is between {@code start} and {@code end} replaced by {@code table}. */
    public static String withSection(String readme, String start, String end, String table) {
        section(readme, start, end); // checks the markers
        int from = readme.indexOf(start) + start.length();
        int to = readme.indexOf(end);
        return readme.substring(0, from) + "\n" + table + readme.substring(to);
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

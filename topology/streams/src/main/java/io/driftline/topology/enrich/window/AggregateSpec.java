package io.driftline.topology.enrich.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One per-key window aggregate: {@code function} of {@code field} over the events of the same key in the
 * {@code window} that ends at each event, e.g. {@code txn_count_10m=count(amount)@10m}. A feature reads it as
 * {@code agg.<name>}.
 *
 * <p>Semantics, for an event of key K at event time t: the aggregate over every event of key K whose timestamp
 * lies in {@code (t - window, t]}, this event included, whose field is present and not null. COUNT and SUM of
 * nothing are 0; MEAN, MIN and MAX of nothing are absent (the feature's missing-value policy applies).
 * DISTINCT counts distinct values (as text).
 */
public record AggregateSpec(String name, Function function, String field, Duration window) {

    /** The aggregate functions. */
    public enum Function { COUNT, SUM, MEAN, MIN, MAX, DISTINCT }

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*([A-Za-z_]+)\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*\\)\\s*@\\s*([0-9]+)\\s*(ms|s|m|h|d)\\s*");

    public AggregateSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(field, "field");
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("aggregate '" + name + "' needs a positive window: " + window);
        }
    }

    /**
     * Parses a comma-separated list of {@code name=function(field)@window}, windows as {@code 500ms}, {@code 30s},
     * {@code 10m}, {@code 24h} or {@code 7d}; blank gives an empty list.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<AggregateSpec> parseList(String text) {
        List<AggregateSpec> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException("bad aggregate '' in '" + text
                        + "': expected name=function(field)@window (a stray comma?)");
            }
            Matcher m = SYNTAX.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad aggregate '" + entry.trim()
                        + "': expected name=function(field)@window, e.g. txn_count_10m=count(amount)@10m");
            }
            Function function;
            try {
                function = Function.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad aggregate '" + entry.trim() + "': unknown function '"
                        + m.group(2) + "' (count, sum, mean, min, max, distinct)");
            }
            AggregateSpec spec = new AggregateSpec(m.group(1), function, m.group(3), duration(m.group(4), m.group(5)));
            if (out.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new IllegalArgumentException("aggregate '" + spec.name() + "' is declared twice");
            }
            out.add(spec);
        }
        return out;
    }

    private static Duration duration(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

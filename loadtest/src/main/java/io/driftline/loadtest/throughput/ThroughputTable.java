package io.driftline.loadtest.throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The benchmark's one table: a row per figure with its ratio to the passthrough baseline (throughputs) and to raw
 * ONNX Runtime (per-row cost), and the load average before and after the measurement that produced it.
 */
final class ThroughputTable {

    private static final String ROW = "%-48s %12s %-9s %8s %8s %11s  %s%n";

    /**
     * One figure.
     *
     * @param vsPassthrough the figure over the passthrough's steady rate; NaN where it does not apply
     * @param vsOnnx        per-row cost over raw ONNX Runtime's; NaN where it does not apply
     * @param loadBefore    1-minute load average when the measurement started
     * @param loadAfter     1-minute load average when it ended
     */
    record Row(String label, double value, String unit, double vsPassthrough, double vsOnnx, double loadBefore,
               double loadAfter, String note) {
        Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(unit, "unit");
            note = note == null ? "" : note;
        }
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ThroughputTable(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    ThroughputTable add(Row row) {
        rows.add(Objects.requireNonNull(row, "row"));
        return this;
    }

    /** A line under the table, saying what a column means or what was not measured. */
    ThroughputTable note(String line) {
        notes.add(line);
        return this;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String format() {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(String.format(Locale.ROOT, ROW, "measurement", "figure", "unit", "x pass", "x onnx", "load1 b/a",
                "note"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, ROW, r.label(), figure(r.value()), r.unit(), ratio(r.vsPassthrough()),
                    ratio(r.vsOnnx()), load(r.loadBefore()) + "/" + load(r.loadAfter()), r.note()));
        }
        notes.forEach(n -> out.append("  ").append(n).append('\n'));
        return out.toString();
    }

    /** Large figures as whole numbers with thousands separators, small ones with two decimals; NaN as n/a. */
    static String figure(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String load(double value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code value / base}; NaN when either is not a positive finite number, so no ratio is ever made up. */
    static double ratio(double value, double base) {
        boolean usable = value > 0 && base > 0 && Double.isFinite(value) && Double.isFinite(base);
        return usable ? value / base : Double.NaN;
    }
}

package io.driftline.app.reference;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * CSV, Parquet and newline-delimited JSON files, read through DuckDB's JDBC driver.
 *
 * <p>Why DuckDB: one well-kept, widely used embedded engine reads all three formats with type inference (CSV
 * sniffing), nested Parquet and JSON structs, compressed files, and streams its results, while Apache's own
 * parquet-avro would drag in Hadoop and still leave CSV and JSON to hand-written readers. Its CSV, Parquet and JSON
 * readers are statically linked into the driver jar: extension auto-install and auto-load are turned off here, so
 * reading never reaches the network.
 *
 * <p>A manifest path is found as a column named exactly like it ({@code profile.age}, as a flat CSV header names
 * it), else as fields of a struct column ({@code profile} with a field {@code age}, as Parquet and JSON nest it).
 * Columns that categorical features read are cast to text; the label column to text for classifiers and to a number
 * for regression. Results are streamed ({@code jdbc_stream_results}), in file order.
 */
final class SqlRowSource implements RowSource {

    enum Format {
        CSV("read_csv(%s)"),
        PARQUET("read_parquet(%s)"),
        JSONL("read_json(%s, format = 'newline_delimited')");

        private final String scan;

        Format(String scan) {
            this.scan = scan;
        }
    }

    private final Path file;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final ViewSchema view;
    private final int fieldCount;
    private final boolean labelled;
    private final String query;
    private long row;
    private GenericRecord current;
    private Object label;

    private SqlRowSource(Path file, Connection connection, Statement statement, ResultSet rows, ViewSchema view,
            List<String> columns, boolean labelled, String query) {
        this.file = file;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.view = view;
        this.fieldCount = columns.size() - (labelled ? 1 : 0);
        this.labelled = labelled;
        this.query = query;
    }

    static SqlRowSource open(Path file, Format format, ReferenceColumns wanted) throws ReferenceException {
        Connection connection = null;
        try {
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            Statement statement = connection.createStatement();
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            String scan = String.format(format.scan, literal(file.toString()));
            Map<String, String> fileColumns = describe(statement, scan, file);
            if (format == Format.CSV) {
                scan = csvWithTypes(file, fileColumns, wanted);
                fileColumns = describe(statement, scan, file);
            }
            List<String> select = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String field : wanted.fields()) {
                String expression = locate(statement, scan, fileColumns, field, file, "field");
                select.add(wanted.textFields().contains(field) ? "CAST(" + expression + " AS VARCHAR)" : expression);
                names.add(field);
            }
            if (wanted.label() != null) {
                String expression = locate(statement, scan, fileColumns, wanted.label(), file, "label column");
                select.add("CAST(" + expression + " AS " + (wanted.labelIsText() ? "VARCHAR" : "DOUBLE") + ")");
                names.add(wanted.label());
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < select.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(select.get(i)).append(" AS c").append(i);
            }
            String query = sql.append(" FROM ").append(scan).toString();
            ResultSet rows;
            try {
                rows = statement.executeQuery(query);
            } catch (SQLException e) {
                throw ReferenceException.of(file, "DuckDB cannot read it as " + format + ": " + diagnose(query,
                        select.size(), e), e);
            }
            ResultSetMetaData meta = rows.getMetaData();
            Map<String, Schema.Type> leaves = new LinkedHashMap<>();
            for (int i = 0; i < wanted.fields().size(); i++) {
                leaves.put(wanted.fields().get(i), avroType(meta.getColumnType(i + 1)));
            }
            return new SqlRowSource(file, connection, statement, rows, new ViewSchema(leaves), names,
                    wanted.label() != null, query);
        } catch (SQLException e) {
            close(connection);
            throw ReferenceException.of(file, "DuckDB cannot read it as " + format + ": " + e.getMessage(), e);
        } catch (ReferenceException | RuntimeException e) {
            close(connection);
            if (e instanceof IllegalArgumentException) {
                throw ReferenceException.of(file, e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * CSV types are sniffed from the values, which loses text: a label column of yes/no becomes a boolean, category
     * codes become numbers. So columns read as text (categories, a classifier's labels) are read as VARCHAR, and a
     * numeric feature's column sniffed as text as DOUBLE, so that DuckDB names the line of the value that is not a
     * number instead of every value being the wrong type.
     */
    private static String csvWithTypes(Path file, Map<String, String> columns, ReferenceColumns wanted) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String field : wanted.fields()) {
            if (columns.containsKey(field)) {
                boolean text = wanted.textFields().contains(field);
                if (text || columns.get(field).equals("VARCHAR")) {
                    types.put(field, text ? "VARCHAR" : "DOUBLE");
                }
            }
        }
        if (wanted.label() != null && columns.containsKey(wanted.label())) {
            types.put(wanted.label(), wanted.labelIsText() ? "VARCHAR" : "DOUBLE");
        }
        StringBuilder scan = new StringBuilder("read_csv(").append(literal(file.toString()));
        if (!types.isEmpty()) {
            scan.append(", types = {");
            int i = 0;
            for (Map.Entry<String, String> type : types.entrySet()) {
                scan.append(i++ == 0 ? "" : ", ").append(literal(type.getKey())).append(": ")
                        .append(literal(type.getValue()));
            }
            scan.append('}');
        }
        return scan.append(')').toString();
    }

    private static Map<String, String> describe(Statement statement, String scan, Path file) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet r = statement.executeQuery("DESCRIBE SELECT * FROM " + scan)) {
            while (r.next()) {
                columns.put(r.getString("column_name"), r.getString("column_type"));
            }
        }
        return columns;
    }

    /** The SQL expression of a path: a column of that exact name, else the longest column prefix and struct fields. */
    private static String locate(Statement statement, String scan, Map<String, String> columns, String path, Path file,
            String what) throws ReferenceException {
        if (columns.containsKey(path)) {
            return identifier(path);
        }
        String[] segments = path.split("\\.", -1);
        for (int k = segments.length - 1; k >= 1; k--) {
            String column = String.join(".", java.util.Arrays.copyOf(segments, k));
            if (!columns.containsKey(column)) {
                continue;
            }
            StringBuilder expression = new StringBuilder(identifier(column));
            for (int i = k; i < segments.length; i++) {
                expression.append('.').append(identifier(segments[i]));
            }
            try (ResultSet ignored = statement.executeQuery("SELECT " + expression + " FROM " + scan + " LIMIT 0")) {
                return expression.toString();
            } catch (SQLException e) {
                throw ReferenceException.of(file, "column '" + column + "' (" + columns.get(column) + ") has no field "
                        + String.join(".", java.util.Arrays.copyOfRange(segments, k, segments.length)) + " for " + what
                        + " '" + path + "'");
            }
        }
        throw ReferenceException.of(file, "no column for " + what + " '" + path + "' (neither a column of that name nor"
                + " a struct column holding it); its columns: " + columns.keySet());
    }

    private static Schema.Type avroType(int sqlType) {
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> Schema.Type.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Schema.Type.INT;
            case Types.BIGINT -> Schema.Type.LONG;
            case Types.FLOAT, Types.REAL -> Schema.Type.FLOAT;
            case Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> Schema.Type.DOUBLE;
            default -> Schema.Type.STRING; // text, and what no numeric feature reads (the encoder says so per value)
        };
    }

    @Override
    public boolean next() throws ReferenceException {
        try {
            if (!rows.next()) {
                return false;
            }
            row++;
            Object[] values = new Object[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                values[i] = rows.getObject(i + 1);
            }
            current = view.row(values);
            label = labelled ? rows.getObject(fieldCount + 1) : null;
            return true;
        } catch (SQLException e) {
            // DuckDB's message names the line and column of a CSV value it could not convert.
            throw ReferenceException.of(file, "reading after row " + row + " failed: "
                    + diagnose(query, fieldCount + (labelled ? 1 : 0), e), e);
        }
    }

    /**
     * DuckDB's own message for a failed read. A streamed result only says "Invalid result set" when the file holds a
     * value it cannot convert, so the query is run again, unstreamed and reduced to a count of every column (constant
     * memory, every value converted), for the message that names the line, the column and the value.
     */
    private static String diagnose(String query, int columns, SQLException streamed) {
        StringBuilder counts = new StringBuilder("SELECT ");
        for (int i = 0; i < columns; i++) {
            counts.append(i == 0 ? "" : ", ").append("count(c").append(i).append(')');
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.executeQuery(counts.append(" FROM (").append(query).append(')').toString()).close();
            return streamed.getMessage();
        } catch (SQLException e) {
            String message = e.getMessage() == null ? streamed.getMessage() : e.getMessage();
            int end = message.indexOf("\n\n"); // the first paragraph; the rest lists the sniffer's settings
            return (end < 0 ? message : message.substring(0, end)).replace('\n', ' ');
        }
    }

    @Override
    public GenericRecord view() {
        return current;
    }

    @Override
    public Object label() {
        return label;
    }

    @Override
    public long row() {
        return row;
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            // closing a read-only in-memory database: nothing to lose
        }
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // as above
            }
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}

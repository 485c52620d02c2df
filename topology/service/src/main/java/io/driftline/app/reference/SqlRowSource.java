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
    private long row;
    private GenericRecord current;
    private Object label;

    private SqlRowSource(Path file, Connection connection, Statement statement, ResultSet rows, ViewSchema view,
            List<String> columns, boolean labelled) {
        this.file = file;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.view = view;
        this.fieldCount = columns.size() - (labelled ? 1 : 0);
        this.labelled = labelled;
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
            ResultSet rows = statement.executeQuery(sql.append(" FROM ").append(scan).toString());
            ResultSetMetaData meta = rows.getMetaData();
            Map<String, Schema.Type> leaves = new LinkedHashMap<>();
            for (int i = 0; i < wanted.fields().size(); i++) {
                leaves.put(wanted.fields().get(i), avroType(meta.getColumnType(i + 1)));
            }
            return new SqlRowSource(file, connection, statement, rows, new ViewSchema(leaves), names,
                    wanted.label() != null);
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
            throw ReferenceException.of(file, "reading after row " + row + " failed: " + e.getMessage(), e);
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

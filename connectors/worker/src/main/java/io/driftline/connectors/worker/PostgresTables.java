package io.driftline.connectors.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Creates (or leaves as they are) Driftline's tables, the per-feature trigger and view: postgres-schema.sql. */
public final class PostgresTables {

    private PostgresTables() {
    }

    /** The DDL, as shipped. */
    public static String ddl() {
        try (InputStream in = PostgresTables.class.getResourceAsStream("postgres-schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("postgres-schema.sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies the DDL in one transaction. */
    public static void apply(String jdbcUrl, String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl());
            }
            connection.commit();
        }
    }
}

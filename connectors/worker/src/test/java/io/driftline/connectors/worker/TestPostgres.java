package io.driftline.connectors.worker;

import io.driftline.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL the JDBC tests write into: the one {@code .ci/run} started ({@value #URL_VARIABLE}), else one
 * this test starts from Debian's package with the same script ({@code connectors/postgres/local-postgres.sh}).
 * Each test class gets a database of its own, so runs never see each other's rows.
 */
final class TestPostgres {

    /** The JDBC URL of a running server, as {@code local-postgres.sh start} prints it. */
    static final String URL_VARIABLE = "DRIFTLINE_TEST_POSTGRES_URL";
    /** The role local-postgres.sh creates (trust authentication on loopback: no password). */
    static final String USER = "driftline";

    private TestPostgres() {
    }

    /** A JDBC URL of a new, empty database on the server. */
    static String freshDatabase() throws Exception {
        String server = System.getenv(URL_VARIABLE);
        if (server == null || server.isBlank()) {
            ExternalTools.require("pg_ctlcluster", "apt-get install postgresql");
            server = startLocal();
        }
        String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return server.replaceFirst("/[A-Za-z0-9_]+(\\?|$)", "/" + database + "$1");
    }

    private static String startLocal() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("driftline.connect.postgres.script",
                "../postgres/local-postgres.sh"));
        Process process = new ProcessBuilder("bash", script.toString(), "start").redirectErrorStream(false).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("local-postgres.sh start did not finish in 120 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0 || !out.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("local-postgres.sh start failed (" + process.exitValue() + "): " + err);
        }
        return out;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }
}

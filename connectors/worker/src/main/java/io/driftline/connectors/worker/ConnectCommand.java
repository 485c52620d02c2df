package io.driftline.connectors.worker;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftline connect}: a Kafka Connect worker with Driftline's sinks registered, the alert webhook (when a URL
 * is given) and Debezium's JDBC sink into PostgreSQL (a local one started from Debian's package when no JDBC URL is
 * given and one is installed), until stopped with Ctrl-C or SIGTERM.
 *
 * <p>Secrets need not appear on the command line or in the config topic: give {@code ${env:NAME}} (or
 * {@code ${file:/path:key}}) as the value, and the worker resolves it when it starts each connector.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a Kafka Connect worker with Driftline's sinks: alerts to webhooks (generic JSON, Slack, "
                + "PagerDuty), drift reports, alerts and retrain requests into PostgreSQL.")
public final class ConnectCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "http://localhost:8081",
            description = "Schema Registry (default: ${DEFAULT-VALUE})")
    String registryUrl;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Driftline's topic prefix (topic.prefix), if any")
    String topicPrefix;

    @Option(names = "--rest-host", defaultValue = "localhost", description = "Connect REST host (default: ${DEFAULT-VALUE})")
    String restHost;

    @Option(names = "--rest-port", defaultValue = "8083", description = "Connect REST port (default: ${DEFAULT-VALUE})")
    int restPort;

    @Option(names = "--group", defaultValue = "driftline-connect",
            description = "Connect group id; names its config, offset and status topics (default: ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Of Connect's internal topics and the dead-letter topics (default: ${DEFAULT-VALUE})")
    short replication;

    @Option(names = "--plugin-path", split = ",",
            description = "Folders of Connect plugin folders (default: the ones this checkout's build laid out)")
    List<Path> pluginPath;

    @Option(names = "--webhook-url", description = "Alert webhook URL (repeat for several); none: no webhook")
    List<String> webhookUrls = new ArrayList<>();

    @Option(names = "--webhook-url-env", description = "Name of an environment variable holding the webhook URL(s), "
            + "comma-separated; registered as a ${env:...} reference, so the URL is never stored in Connect's config "
            + "topic. Unset or empty: no webhook from it")
    String webhookUrlEnv;

    @Option(names = "--webhook-template", defaultValue = "generic",
            description = "generic, slack or pagerduty (default: ${DEFAULT-VALUE})")
    String webhookTemplate;

    @Option(names = "--pagerduty-routing-key", description = "PagerDuty Events v2 routing key (pagerduty template)")
    String pagerDutyRoutingKey;

    @Option(names = "--dashboard-url", description = "Link put into alert bodies, e.g. http://localhost:8080/")
    String dashboardUrl;

    @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL (default: a local PostgreSQL, started if installed)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "PostgreSQL user (default: the URL's, else driftline)")
    String jdbcUser;

    @Option(names = "--jdbc-password", description = "PostgreSQL password, e.g. ${env:PGPASSWORD}")
    String jdbcPassword;

    @Option(names = "--no-jdbc", description = "Register no JDBC sink")
    boolean noJdbc;

    @Option(names = {"-p", "--worker-property"}, description = "Further worker property key=value (security.protocol, "
            + "sasl.*, ssl.*, ...), repeatable")
    Map<String, String> workerProperties = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConnectCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Path> plugins = pluginPath != null ? pluginPath : defaultPluginPath();
        String jdbc = noJdbc ? null : jdbcUrl != null ? jdbcUrl : localPostgres();
        String user = jdbcUser != null ? jdbcUser : userIn(jdbc);
        if (jdbc != null) {
            // Our tables first: the sinks upsert into them (and the trigger makes the per-feature rows).
            PostgresTables.apply(jdbc, resolved(user), resolved(jdbcPassword));
        }
        ConnectWorker worker = ConnectWorker.start(new ConnectWorker.Settings(bootstrapServers, registryUrl, plugins,
                restHost, restPort, group, replication, workerProperties));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "driftline-connect-shutdown"));

        ConnectRest rest = new ConnectRest(worker.restUrl());
        List<String> registered = new ArrayList<>();
        List<String> urls = new ArrayList<>(webhookUrls);
        if (webhookUrlEnv != null && System.getenv(webhookUrlEnv) != null && !System.getenv(webhookUrlEnv).isBlank()) {
            urls.add("${env:" + webhookUrlEnv + "}");
        }
        if (!urls.isEmpty()) {
            Map<String, String> webhook = new LinkedHashMap<>();
            webhook.put("webhook.urls", String.join(",", urls));
            webhook.put("webhook.template", webhookTemplate);
            if (pagerDutyRoutingKey != null) {
                webhook.put("webhook.pagerduty.routing.key", pagerDutyRoutingKey);
            }
            if (dashboardUrl != null) {
                webhook.put("webhook.dashboard.url", dashboardUrl);
            }
            String name = group + "-alert-webhook";
            rest.put(name, Sinks.webhook(topicPrefix + "alerts", name + "-dlq", replication, webhook), TIMEOUT);
            registered.add(name);
        }
        if (jdbc != null) {
            for (Sinks.Table table : Sinks.TABLES) {
                String name = group + "-jdbc-" + table.table();
                rest.put(name, Sinks.jdbc(table, topicPrefix + table.topic(), jdbc, user, jdbcPassword, name + "-dlq",
                        replication), TIMEOUT);
                registered.add(name);
            }
        }
        for (String name : registered) {
            rest.awaitRunning(name, TIMEOUT);
        }
        System.out.println("Kafka Connect worker at " + worker.restUrl() + " running " + registered);
        if (jdbc != null) {
            System.out.println("PostgreSQL: " + jdbc.replaceAll("password=[^&]*", "password=…")
                    + " (tables drift_reports, drift_report_features, alerts, retrain_requests; view"
                    + " drift_feature_metrics)");
        }
        if (urls.isEmpty()) {
            System.out.println("No webhook: give --webhook-url to post alerts (README, Connectors)");
        }
        stopped.await();
        return 0;
    }

    /** The user a JDBC URL names ({@code ?user=...}), else local-postgres.sh's role: Debezium wants one given. */
    static String userIn(String jdbcUrl) {
        if (jdbcUrl != null) {
            java.util.regex.Matcher user = java.util.regex.Pattern.compile("[?&]user=([^&]+)").matcher(jdbcUrl);
            if (user.find()) {
                return user.group(1);
            }
        }
        return "driftline";
    }

    /** A literal value as given; a ${...} reference is left to the worker, so the DDL step cannot use it. */
    private static String resolved(String value) {
        if (value == null) {
            return null;
        }
        java.util.regex.Matcher env = java.util.regex.Pattern.compile("\\$\\{env:([^}]+)}").matcher(value);
        return env.matches() ? System.getenv(env.group(1)) : value;
    }

    /** The plugin folders of this checkout's build, found from this jar's place (connectors/worker/target). */
    static List<Path> defaultPluginPath() throws URISyntaxException {
        String fromEnv = System.getenv("DRIFTLINE_CONNECT_PLUGIN_PATH");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return java.util.Arrays.stream(fromEnv.split(",")).map(Path::of).toList();
        }
        Path jar = Path.of(ConnectCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path connectors = jar.getParent().getParent().getParent();
        return List.of(connectors.resolve("plugin/target/plugin"), connectors.resolve("jdbc-plugin/target/plugin"));
    }

    /** Starts (or finds) a local PostgreSQL with connectors/postgres/local-postgres.sh; null when none is installed. */
    private static String localPostgres() throws IOException, InterruptedException, URISyntaxException {
        Path jar = Path.of(ConnectCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path script = jar.getParent().getParent().getParent().resolve("postgres/local-postgres.sh");
        if (!Files.isRegularFile(script)) {
            System.err.println("No JDBC sink: give --jdbc-url (" + script + " is not here to start a local one)");
            return null;
        }
        Process process = new ProcessBuilder("bash", script.toString(), "start").start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Starting the local PostgreSQL took over 120 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() == 2) {
            System.err.println("No JDBC sink: " + err + "; or give --jdbc-url");
            return null;
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Could not start the local PostgreSQL: " + err);
        }
        return out;
    }
}

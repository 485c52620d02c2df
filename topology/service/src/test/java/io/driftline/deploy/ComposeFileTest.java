package io.driftline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftline.testing.ExternalTools;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Static checks of the compose stack users run with Docker ({@code docker-compose.yml}, the {@code Dockerfile},
 * {@code .dockerignore}, the Prometheus and Grafana files under {@code deploy/}): no Docker engine runs here, so
 * what {@code docker compose up} would trip over is caught by reading the files. The last test hands the scrape
 * config and every Grafana query to Prometheus' own {@code promtool} (Debian's {@code prometheus} package, which
 * {@code .ci/run} installs).
 */
class ComposeFileTest {

    /**
     * Every metric a dashboard may query: Driftline's own (the HTTP contract of issue 5) and, by prefix, Kafka
     * Streams' (Micrometer's KafkaStreamsMetrics binder) and the JVM's.
     */
    static final Set<String> DRIFTLINE_METRICS = Set.of(
            "driftline_events_in_total",
            "driftline_predictions_total",
            "driftline_dead_letters_total",
            "driftline_scoring_latency_seconds",
            "driftline_end_to_end_latency_seconds",
            "driftline_end_to_end_latency_percentile_seconds",
            "driftline_model_swaps_total",
            "driftline_model_rejections_total",
            "driftline_model_version_info",
            "driftline_consumer_lag_records",
            "driftline_consumer_lag_seconds",
            "driftline_drift_psi",
            "driftline_alerts_open",
            "driftline_performance",
            "driftline_concept_signals_total",
            "driftline_scoring_batch_size_events");
    static final List<String> OTHER_METRIC_PREFIXES = List.of("kafka_stream_", "jvm_");
    /** What the Grafana dashboard must show (issue 5: lag, throughput, latency, drift per feature, alerts). */
    static final Set<String> DASHBOARD_MUST_SHOW = new TreeSet<>(DRIFTLINE_METRICS);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        compose = YAML.readTree(root.resolve("docker-compose.yml").toFile());
    }

    @Test
    void shouldDefineTheStackWithAnImageOrABuildForEveryService() {
        JsonNode services = compose.path("services");
        assertThat(names(services)).contains("kafka", "schema-registry", "driftline", "prometheus", "grafana",
                "demo-producer");
        services.fields().forEachRemaining(s -> assertThat(s.getValue().has("image") || s.getValue().has("build"))
                .as("service '%s' has neither image nor build", s.getKey()).isTrue());
        assertThat(texts(services.path("demo-producer").path("profiles"))).as("demo-producer runs only with --profile demo")
                .containsExactly("demo");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .as("Kafka runs in KRaft mode").isEqualTo("broker,controller");
    }

    @Test
    void shouldRunTheMainInstanceWithTheDemosApplicationIdAndAggregates() {
        // The demo profile's instance joins the main one's application; different topologies would clash.
        List<String> command = new java.util.ArrayList<>();
        compose.path("services").path("driftline").path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).contains("application.id=driftline-demo",
                "enrich.aggregates=" + io.driftline.devkit.payments.DemoModel.AGGREGATES);
    }

    @Test
    void shouldRunConnectAgainstThePostgresServiceWithItsCredentialsAsReferences() {
        JsonNode services = compose.path("services");
        List<String> command = new java.util.ArrayList<>();
        services.path("connect").path("command").forEach(c -> command.add(c.asText()));
        JsonNode postgres = services.path("postgres").path("environment");

        URI jdbc = URI.create(option(command, "--jdbc-url").substring("jdbc:".length()));
        assertThat(jdbc.getHost()).as("the JDBC URL names the postgres service").isEqualTo("postgres");
        assertThat(jdbc.getPort()).isEqualTo(5432);
        assertThat(jdbc.getPath()).isEqualTo("/" + postgres.path("POSTGRES_DB").asText());
        assertThat(option(command, "--jdbc-user")).isEqualTo(postgres.path("POSTGRES_USER").asText());
        // Compose turns $$ into $: the worker gets ${env:PGPASSWORD}, resolved by its config provider.
        assertThat(option(command, "--jdbc-password")).isEqualTo("$${env:PGPASSWORD}");
        assertThat(services.path("connect").path("environment").path("PGPASSWORD").asText())
                .isEqualTo(postgres.path("POSTGRES_PASSWORD").asText());
        assertThat(option(command, "--bootstrap-servers")).isEqualTo("kafka:9092");
        assertThat(option(command, "--rest-host")).as("reachable from the host").isEqualTo("0.0.0.0");
    }

    @Test
    void shouldFindADockerfileInEveryBuildContext() {
        compose.path("services").fields().forEachRemaining(s -> {
            JsonNode build = s.getValue().get("build");
            if (build == null) {
                return;
            }
            String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
            String dockerfile = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
            Path dir = insideRepo(s.getKey() + " build context", context);
            assertThat(dir).as("build context of '%s'", s.getKey()).isDirectory();
            assertThat(dir.resolve(dockerfile)).as("Dockerfile of '%s'", s.getKey()).isRegularFile();
        });
    }

    @Test
    void shouldPublishEveryHostPortOnce() {
        Map<String, String> published = new HashMap<>();
        compose.path("services").fields().forEachRemaining(s -> {
            for (PortMapping p : ports(s.getValue())) {
                if (p.hostPort() == null) {
                    continue; // no host port: Docker picks one
                }
                String key = p.hostIp() + ":" + p.hostPort() + "/" + p.protocol();
                String before = published.put(key, s.getKey());
                assertThat(before).as("host port %s is published by both '%s' and '%s'", key, before, s.getKey())
                        .isNull();
            }
        });
        assertThat(published).isNotEmpty();
    }

    @Test
    void shouldBindMountOnlyFilesAndDirectoriesThatExistInTheRepository() {
        List<String> checked = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(s -> {
            for (Mount m : mounts(s.getValue())) {
                if (m.bind()) {
                    Path source = insideRepo(s.getKey() + " bind mount", m.source());
                    assertThat(Files.exists(source)).as("'%s' mounts %s, which is not in the repository",
                            s.getKey(), m.source()).isTrue();
                    checked.add(m.source());
                }
            }
        });
        assertThat(checked).contains("./deploy/prometheus/prometheus.yml", "./deploy/grafana/provisioning",
                "./deploy/grafana/dashboards");
    }

    @Test
    void shouldDependOnlyOnServicesThatExist() {
        Set<String> services = names(compose.path("services"));
        compose.path("services").fields().forEachRemaining(s -> {
            JsonNode dependsOn = s.getValue().path("depends_on");
            Set<String> targets = dependsOn.isArray() ? texts(dependsOn) : names(dependsOn);
            assertThat(services).as("depends_on of '%s'", s.getKey()).containsAll(targets);
            assertThat(targets).as("'%s' depends on itself", s.getKey()).doesNotContain(s.getKey());
        });
    }

    @Test
    void shouldDeclareEveryNamedVolume() {
        Set<String> declared = names(compose.path("volumes"));
        Set<String> used = new TreeSet<>();
        compose.path("services").fields().forEachRemaining(s -> mounts(s.getValue()).stream()
                .filter(m -> !m.bind() && m.source() != null).forEach(m -> used.add(m.source())));
        assertThat(declared).as("top-level volumes").containsAll(used);
        assertThat(used).as("declared but unused volumes").containsAll(declared);
    }

    @Test
    void shouldScrapeDriftlineOnThePortItListensOnInItsContainer() throws IOException {
        JsonNode prometheus = YAML.readTree(root.resolve("deploy/prometheus/prometheus.yml").toFile());
        JsonNode services = compose.path("services");
        JsonNode driftlineJob = null;
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode staticConfig : job.path("static_configs")) {
                for (JsonNode target : staticConfig.path("targets")) {
                    String host = target.asText().replaceFirst(":\\d+$", "");
                    assertThat(host.equals("localhost") || services.has(host))
                            .as("scrape target %s of job %s is neither a compose service nor localhost", target,
                                    job.path("job_name").asText())
                            .isTrue();
                    if (host.equals("driftline")) {
                        driftlineJob = job;
                    }
                }
            }
        }
        assertThat(driftlineJob).as("a scrape job targets the driftline service").isNotNull();
        assertThat(driftlineJob.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        int scrapedPort = Integer.parseInt(driftlineJob.path("static_configs").get(0).path("targets").get(0).asText()
                .replaceFirst("^.*:", ""));

        List<String> command = effectiveCommand(services.path("driftline"));
        assertThat(option(command, "--http-port")).as("driftline command %s sets --http-port", command)
                .isEqualTo(String.valueOf(scrapedPort));
        assertThat(command).as("driftline must listen on all interfaces inside its container to be scraped")
                .containsSubsequence("-p", "http.host=0.0.0.0");
        assertThat(ports(services.path("driftline"))).extracting(PortMapping::containerPort)
                .as("driftline publishes the port Prometheus scrapes").contains(scrapedPort);
    }

    @Test
    void shouldProvisionGrafanaWithThePrometheusServiceAndTheDashboards() throws IOException {
        JsonNode datasources = YAML.readTree(
                root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile());
        JsonNode datasource = datasources.path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        URI url = URI.create(datasource.path("url").asText());
        assertThat(url.getHost()).as("datasource host is the prometheus service").isEqualTo("prometheus");
        assertThat(ports(compose.path("services").path("prometheus"))).extracting(PortMapping::containerPort)
                .contains(url.getPort());

        JsonNode providers = YAML.readTree(
                root.resolve("deploy/grafana/provisioning/dashboards/driftline.yml").toFile());
        String dashboardsPath = providers.path("providers").get(0).path("options").path("path").asText();
        Map<String, String> grafanaMounts = mounts(compose.path("services").path("grafana")).stream()
                .filter(Mount::bind).collect(Collectors.toMap(Mount::target, Mount::source));
        assertThat(grafanaMounts.get(dashboardsPath)).as("the provider's path is where the dashboards are mounted")
                .isEqualTo("./deploy/grafana/dashboards");
        assertThat(grafanaMounts.get("/etc/grafana/provisioning")).isEqualTo("./deploy/grafana/provisioning");

        String uid = datasource.path("uid").asText();
        for (JsonNode panel : panels(dashboard())) {
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel '%s'",
                    panel.path("title").asText()).isEqualTo(uid);
        }
    }

    @Test
    void shouldQueryOnlyKnownMetricsInEveryGrafanaPanel() throws IOException {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asText()).isEqualTo("driftline");
        Set<String> shown = new TreeSet<>();
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode panel : panels) {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText("")));
            assertThat(exprs).as("queries of panel '%s'", panel.path("title").asText()).isNotEmpty()
                    .doesNotContain("");
            for (String expr : exprs) {
                Set<String> metrics = metricNames(expr);
                assertThat(metrics).as("metrics in '%s' (panel '%s')", expr, panel.path("title").asText())
                        .isNotEmpty().allSatisfy(ComposeFileTest::assertKnownMetric);
                metrics.forEach(m -> {
                    shown.add(m);
                    shown.add(m.replaceFirst("_(bucket|count|sum|max)$", "")); // a histogram's series show it
                });
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)")
                    .matcher(variable.path("definition").asText());
            assertThat(m.find()).as("variable %s queries label_values(metric, label)", variable.path("name")).isTrue();
            assertKnownMetric(m.group(1));
        }
        assertThat(shown).as("metrics the Grafana dashboard shows").containsAll(DASHBOARD_MUST_SHOW);
    }

    @Test
    void shouldCopyIntoTheServiceImageWhatTheServiceModuleBuildsAndNothingOfTheDevKit() throws Exception {
        Map<String, String> copies = checkImage("Dockerfile", "topology/service", "driftline");
        assertThat(copies.keySet()).as("the service image carries no dev kit")
                .noneMatch(source -> source.startsWith("devkit/"));
        assertThat(build(compose.path("services").path("driftline"))).isEqualTo("Dockerfile");
    }

    @Test
    void shouldBuildTheDemoProfileFromTheDevKitImage() throws Exception {
        checkImage("devkit/demo/Dockerfile", "devkit/demo", "driftline-dev");
        assertThat(build(compose.path("services").path("demo-producer"))).isEqualTo("devkit/demo/Dockerfile");
    }

    /** The Dockerfile copies {@code module}'s jar and lib/ as that module's pom builds them; returns the copies. */
    private static Map<String, String> checkImage(String dockerfileName, String module, String finalName)
            throws Exception {
        List<String> dockerfile = dockerfileInstructions(root.resolve(dockerfileName));
        assertThat(dockerfile.get(0)).startsWith("FROM eclipse-temurin:17");
        Map<String, String> copies = new LinkedHashMap<>(); // source -> destination
        for (String line : dockerfile) {
            if (line.startsWith("COPY ")) {
                String[] parts = line.substring(5).trim().split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    if (!parts[i].startsWith("--")) {
                        copies.put(parts[i].replaceAll("/$", ""), parts[parts.length - 1]);
                    }
                }
            }
        }
        String jar = module + "/target/" + finalName + ".jar";
        String lib = module + "/target/lib";
        assertThat(copies).containsKeys(jar, lib);
        assertThat(copies.get(lib)).as("lib/ beside the jar: its manifest Class-Path is lib/*.jar")
                .isIn("lib/", "lib", "./lib/");

        // What the module's pom builds: its <finalName> and copy-dependencies into target/lib.
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root.resolve(module + "/pom.xml").toFile());
        assertThat(text(pom.getDocumentElement(), "build", "finalName")).isEqualTo(finalName);
        assertThat(pom.getDocumentElement().getElementsByTagName("outputDirectory").item(0).getTextContent().trim())
                .isEqualTo("${project.build.directory}/lib");
        assertThat(pom.getDocumentElement().getElementsByTagName("classpathPrefix").item(0).getTextContent().trim())
                .isEqualTo("lib/");

        String entrypoint = dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entrypoint).contains("\"-jar\", \"" + finalName + ".jar\"")
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftline");

        List<String> ignore = Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String source : copies.keySet()) {
            assertThat(dockerIgnored(ignore, source)).as(".dockerignore keeps %s out of the build context", source)
                    .isFalse();
        }
        return copies;
    }

    /** The Dockerfile a compose service builds from (relative to the repository root). */
    private static String build(JsonNode service) {
        JsonNode build = service.path("build");
        return build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
    }

    @Test
    void shouldPassPromtoolOnTheScrapeConfigAndEveryDashboardQuery(@TempDir Path tmp) throws Exception {
        Path promtool = ExternalTools.require("promtool", "apt-get install prometheus");
        run(promtool.toString(), "check", "config", root.resolve("deploy/prometheus/prometheus.yml").toString());

        // Grafana's own variables are not PromQL: give them the values Grafana would.
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-dashboard\n    rules:\n");
        int n = 0;
        for (JsonNode panel : panels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$__rate_interval", "1m").replace("$model", ".*");
                rules.append("      - record: grafana:panel_").append(panel.path("id").asInt()).append('_')
                        .append(++n).append("\n        expr: ").append(JSON.writeValueAsString(expr)).append('\n');
            }
        }
        Path file = tmp.resolve("dashboard-queries.rules.yml");
        Files.writeString(file, rules);
        String out = run(promtool.toString(), "check", "rules", file.toString());
        assertThat(out).contains("SUCCESS: " + n + " rules found");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void assertKnownMetric(String metric) {
        String base = metric.replaceFirst("_(bucket|count|sum|max)$", "");
        boolean known = DRIFTLINE_METRICS.contains(metric) || DRIFTLINE_METRICS.contains(base)
                || OTHER_METRIC_PREFIXES.stream().anyMatch(metric::startsWith);
        assertThat(known).as("'%s' is not a metric Driftline exports (known: %s and %s*)", metric,
                new TreeSet<>(DRIFTLINE_METRICS), OTHER_METRIC_PREFIXES).isTrue();
    }

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    /** The metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            boolean function = m.group(2) != null;
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(root.resolve("deploy/grafana/dashboards/driftline.json").toFile());
    }

    /** Every panel that shows data, including those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(out::add);
            } else {
                out.add(panel);
            }
        }
        return out;
    }

    record PortMapping(String hostIp, Integer hostPort, int containerPort, String protocol) {
    }

    /** Compose port syntaxes: "C", "H:C", "IP:H:C", each with an optional /protocol, or the long form. */
    static List<PortMapping> ports(JsonNode service) {
        List<PortMapping> out = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                out.add(new PortMapping(port.path("host_ip").asText(""),
                        port.has("published") ? Integer.valueOf(port.path("published").asText()) : null,
                        port.path("target").asInt(), port.path("protocol").asText("tcp")));
                continue;
            }
            String spec = port.asText();
            String protocol = "tcp";
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                protocol = spec.substring(slash + 1);
                spec = spec.substring(0, slash);
            }
            String[] parts = spec.split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            Integer host = parts.length >= 2 ? Integer.valueOf(parts[parts.length - 2]) : null;
            String ip = parts.length == 3 ? parts[0] : "";
            out.add(new PortMapping(ip, host, container, protocol));
        }
        return out;
    }

    record Mount(boolean bind, String source, String target) {
    }

    /** Compose volume syntaxes: "SRC:TARGET[:MODE]" (a path source is a bind mount), "TARGET", or the long form. */
    static List<Mount> mounts(JsonNode service) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isObject()) {
                out.add(new Mount("bind".equals(volume.path("type").asText()),
                        volume.has("source") ? volume.path("source").asText() : null, volume.path("target").asText()));
                continue;
            }
            String[] parts = volume.asText().split(":");
            if (parts.length == 1) {
                out.add(new Mount(false, null, parts[0])); // anonymous volume
            } else {
                boolean bind = parts[0].startsWith(".") || parts[0].startsWith("/") || parts[0].startsWith("~");
                out.add(new Mount(bind, parts[0], parts[1]));
            }
        }
        return out;
    }

    /** The service's command, or the Dockerfile's CMD when the service has none. */
    private static List<String> effectiveCommand(JsonNode service) throws IOException {
        JsonNode command = service.get("command");
        if (command != null) {
            if (command.isArray()) {
                List<String> args = new ArrayList<>();
                command.forEach(n -> args.add(n.asText()));
                return args;
            }
            return List.of(command.asText().split("\\s+"));
        }
        String cmd = dockerfileInstructions(root.resolve("Dockerfile")).stream().filter(l -> l.startsWith("CMD "))
                .reduce((a, b) -> b).orElseThrow();
        return List.of(JSON.readValue(cmd.substring(4), String[].class));
    }

    private static String option(List<String> command, String name) {
        int i = command.indexOf(name);
        return i >= 0 && i + 1 < command.size() ? command.get(i + 1) : null;
    }

    /** Dockerfile instructions, one per entry, continuation lines joined and comments dropped. */
    static List<String> dockerfileInstructions(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(continues ? " " : "");
            if (!continues) {
                out.add(current.toString().replaceAll("\\s+", " ").trim());
                current.setLength(0);
            }
        }
        return out;
    }

    /**
     * Whether .dockerignore leaves a path out of the build context: the last matching pattern wins, a "!" pattern
     * re-includes, and a pattern that matches a parent directory matches everything in it.
     */
    static boolean dockerIgnored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean include = pattern.startsWith("!");
            String glob = (include ? pattern.substring(1) : pattern).replaceAll("^/+|/+$", "");
            Pattern regex = Pattern.compile(globToRegex(glob));
            String prefix = path;
            while (true) {
                if (regex.matcher(prefix).matches()) {
                    ignored = !include;
                    break;
                }
                int slash = prefix.lastIndexOf('/');
                if (slash < 0) {
                    break;
                }
                prefix = prefix.substring(0, slash);
            }
        }
        return ignored;
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                sb.append(".*");
                i++;
            } else if (c == '*') {
                sb.append("[^/]*");
            } else if (c == '?') {
                sb.append("[^/]");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private static String text(Element parent, String... path) {
        Element current = parent;
        for (String name : path) {
            Element next = null;
            NodeList children = current.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    next = e;
                    break;
                }
            }
            assertThat(next).as("<%s> in %s", name, String.join("/", path)).isNotNull();
            current = next;
        }
        return current.getTextContent().trim();
    }

    private static Path insideRepo(String what, String relative) {
        assertThat(relative).as("%s must be a path relative to the repository: %s", what, relative)
                .doesNotStartWith("/").doesNotStartWith("~");
        Path path = root.resolve(relative).normalize();
        assertThat(path.startsWith(root)).as("%s %s leaves the repository", what, relative).isTrue();
        return path;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s said:%n%s", List.of(command), out).isZero();
        return out;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("topology"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}

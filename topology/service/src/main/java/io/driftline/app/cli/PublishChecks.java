package io.driftline.app.cli;

import io.driftline.Alert;
import io.driftline.ModelUpdate;
import io.driftline.app.publish.DeployWatch;
import io.driftline.app.publish.LocalVerification;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ScoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * What {@code model publish} checks around sending: the bundle verified here as an instance will verify it (under
 * the instances' {@code models.*} fetch policy and trusted keys) before anything is sent, and with {@code --wait} the running
 * instances' verdict on the record sent ({@link DeployWatch}).
 */
final class PublishChecks {

    /** Exit code: the bundle is invalid here (manifest schema, building, local verification); nothing was sent. */
    static final int INVALID = 1;
    /** Exit code: a running instance rejected the bundle (its MODEL_REJECTED alert); the previous version serves. */
    static final int REJECTED = 3;
    /** Exit code: no verdict within --wait-timeout (no instance running or reachable, or still verifying). */
    static final int NO_VERDICT = 4;

    @Option(names = {"-c", "--config"}, description = "The instances' properties file: its models.dir, "
            + "models.allowed.uris, models.fetch.* and models.trusted.keys apply when the bundle is verified here, as"
            + " there.")
    Path config;

    @Option(names = {"-p", "--property"}, description = "One instance setting, key=value (models.dir, "
            + "models.allowed.uris, models.fetch.*, models.trusted.keys); overrides the file.")
    Map<String, String> properties = new HashMap<>();

    @Option(names = "--wait", description = "Wait for the running instances' verdict: exit 0 when deployed, "
            + REJECTED + " when rejected, " + NO_VERDICT + " when none came within --wait-timeout.")
    boolean wait;

    @Option(names = "--wait-timeout", defaultValue = "60s",
            description = "How long --wait waits for a verdict (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Option(names = "--api", split = ",", defaultValue = "http://localhost:8080",
            description = "HTTP API of the instances --wait asks whether the bundle serves, comma-separated "
                    + "(default: ${DEFAULT-VALUE}); rejections come from the alerts topic.")
    List<URI> apis;

    @Option(names = "--alerts-topic", defaultValue = "alerts",
            description = "Alerts topic --wait follows for MODEL_REJECTED (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    /** The scoring settings the instances apply (fetch policy, trusted keys), from --config and -p (their defaults otherwise). */
    ScoreConfig.Settings instanceSettings() throws IOException {
        Map<String, Object> props = new HashMap<>();
        if (config != null) {
            props.putAll(RunCommand.load(config));
        }
        props.putAll(properties);
        return ScoreConfig.from(new AbstractConfig(ScoreConfig.configDef(), props, false));
    }

    /**
     * Verifies the update as an instance would; prints the verdict.
     *
     * @return null when it passed, otherwise the exit code
     */
    Integer verify(String key, ModelUpdate update, PrintWriter out, PrintWriter err) throws IOException {
        ScoreConfig.Settings settings;
        try {
            settings = instanceSettings();
        } catch (ConfigException e) {
            err.println("Invalid instance setting: " + e.getMessage());
            return 2;
        }
        ModelEvent verdict = LocalVerification.verify(key, update, settings.fetchPolicy(), settings.trustedKeys());
        if (verdict.kind() == ModelEvent.Kind.REJECTED) {
            err.printf("Not published: %s v%s fails verification (%s): %s%n", update.getModel(), update.getVersion(),
                    verdict.reason(), verdict.message());
            return INVALID;
        }
        out.printf("Verified here as an instance will: %s%n", verdict.message());
        return null;
    }

    /** With --wait, a watch on the alerts topic started now, before the record is sent; otherwise null. */
    DeployWatch startWatch(ConnectionOptions connection, SchemaRegistryClient registry) {
        if (!wait) {
            return null;
        }
        return DeployWatch.start(alertsTopic, connection.kafkaConfig(),
                AvroSerdes.specific(Alert.class, registry, connection.serdeConfig(),
                        false).deserializer(), apis);
    }

    /** Waits for the verdict on the record sent and prints it; returns the exit code (0 when deployed). */
    int await(DeployWatch watch, ModelUpdate update, RecordMetadata sent, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        DeployWatch.Verdict verdict = watch.await(update, sent, waitTimeout);
        switch (verdict.outcome()) {
            case DEPLOYED -> {
                out.println("Deployed: " + verdict.message());
                return 0;
            }
            case REJECTED -> {
                err.println("Rejected: " + verdict.message());
                return REJECTED;
            }
            default -> {
                err.println("Timed out: " + verdict.message());
                return NO_VERDICT;
            }
        }
    }
}

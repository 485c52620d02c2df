package io.driftline.topology.score;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.KeyFileException;
import io.driftline.models.bundle.TrustedKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The scoring stage's configuration keys: ONNX Runtime threads, where models may be fetched from
 * ({@code models.*}), whose signatures bundles must carry, how often parked events are retried, and how live events
 * are batched.
 */
public final class ScoreConfig {

    public static final String ONNX_INTRA_OP_THREADS = "onnx.intra.op.threads";
    public static final String MODELS_DIR = "models.dir";
    public static final String MODELS_ALLOWED_URIS = "models.allowed.uris";
    public static final String MODELS_FETCH_MAX_BYTES = "models.fetch.max.bytes";
    public static final String MODELS_FETCH_TIMEOUT_MS = "models.fetch.timeout.ms";
    public static final String MODELS_FETCH_FOLLOW_REDIRECTS = "models.fetch.follow.redirects";
    public static final String MODELS_TRUSTED_KEYS = "models.trusted.keys";
    public static final String PARKED_DRAIN_INTERVAL_MS = "score.parked.drain.interval.ms";
    public static final String BATCH_MAX_RECORDS = "score.batch.max.records";
    public static final String BATCH_MAX_WAIT_MS = "score.batch.max.wait.ms";

    /**
     * The scoring stage's typed settings.
     *
     * @param onnxIntraOpThreads  ONNX Runtime intra-op threads per model
     * @param fetchPolicy         where and how much external ONNX models may be fetched from
     * @param parkedDrainInterval how often events parked while no model serves are retried
     * @param batching            how live events are gathered into batches
     * @param trustedKeys         whose signatures bundles must carry; none: signatures are not checked
     */
    public record Settings(int onnxIntraOpThreads, FetchPolicy fetchPolicy, Duration parkedDrainInterval,
                           ScoreBatching batching, TrustedKeys trustedKeys) {
    }

    private ScoreConfig() {
    }

    /** A fresh definition of the scoring keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(ONNX_INTRA_OP_THREADS, Type.INT, 1, between(1, 64), Importance.LOW,
                    "ONNX Runtime intra-op threads per model; 1 suits one stream thread per core.")
            .define(MODELS_DIR, Type.STRING, FetchPolicy.DEFAULT_MODELS_DIR.toString(), Importance.MEDIUM,
                    "Directory (relative to the working directory) whose regular files bundles may name with file: "
                            + "onnxUri values (symbolic links and .. resolved); files elsewhere, /dev/zero included, are "
                            + "refused before anything is read (URI_NOT_ALLOWED).")
            .define(MODELS_ALLOWED_URIS, Type.LIST, "", new AllowedUrisValidator(), Importance.MEDIUM,
                    "Where else bundles may fetch ONNX models from, comma-separated: a scheme "
                    + "(https:) or a URI prefix matched on whole path segments (https://models.example.com/prod/, "
                    + "file:///srv/models/). Empty "
                    + "(default): files under models.dir only.")
            .define(MODELS_FETCH_MAX_BYTES, Type.LONG, FetchPolicy.DEFAULT_MAX_BYTES, atLeast(1), Importance.LOW,
                    "Most bytes an external ONNX model may have; a larger one is rejected (FETCH_TOO_LARGE) and reading stops.")
            .define(MODELS_FETCH_TIMEOUT_MS, Type.LONG, FetchPolicy.DEFAULT_TIMEOUT.toMillis(), atLeast(1), Importance.LOW,
                    "Most time fetching one external ONNX model may take, connect to last byte, redirects included "
                            + "(FETCH_TIMEOUT); model updates wait behind a fetch, so keep it short.")
            .define(MODELS_FETCH_FOLLOW_REDIRECTS, Type.BOOLEAN, false, Importance.LOW,
                    "Follow HTTP redirects of ONNX URIs (each target must be admitted by models.allowed.uris); "
                            + "off by default: a redirect rejects the bundle (REDIRECT_NOT_FOLLOWED).")
            .define(MODELS_TRUSTED_KEYS, Type.LIST, "", Importance.HIGH,
                    "PEM public keys (ECDSA P-256, -----BEGIN PUBLIC KEY-----) whose signatures bundles must carry, "
                            + "comma-separated: files, or directories whose *.pem files are read. Set: every DEPLOY and "
                            + "SHADOW bundle must be signed by one of them (model publish --sign) or it is rejected "
                            + "(UNSIGNED, UNTRUSTED_KEY, SIGNATURE_INVALID) and the previous version keeps serving. "
                            + "Empty (default): signatures are not checked, as the start-up log says. A missing or "
                            + "unreadable key file, or an empty directory, fails start-up.")
            .define(PARKED_DRAIN_INTERVAL_MS, Type.LONG, 500L, atLeast(10), Importance.LOW,
                    "How often events parked while no model serves are retried.")
            .define(BATCH_MAX_RECORDS, Type.INT, ScoreBatching.DEFAULT.maxRecords(), between(1, 65_536), Importance.MEDIUM,
                    "Most live events scored in one model run per model. Events a task receives are gathered until "
                            + "this many, " + BATCH_MAX_WAIT_MS + " or the task's next commit, whichever comes first, "
                            + "so a crash never loses or repeats one; 1 scores each event as it arrives.")
            .define(BATCH_MAX_WAIT_MS, Type.LONG, ScoreBatching.DEFAULT.maxWait().toMillis(), atLeast(1),
                    Importance.LOW, "Longest a live event waits for its batch to fill (wall clock); under exactly-once "
                            + "predictions become visible at the commit (commit.interval.ms) anyway.");
    }

    /**
     * The settings a parsed configuration that defines {@link #configDef()}'s keys holds; reads the trusted key files.
     *
     * @throws ConfigException naming {@value #MODELS_TRUSTED_KEYS} when a trusted key file is missing or unusable
     */
    public static Settings from(AbstractConfig config) {
        FetchPolicy fetch = FetchPolicy.of(Path.of(config.getString(MODELS_DIR)), config.getList(MODELS_ALLOWED_URIS),
                config.getLong(MODELS_FETCH_MAX_BYTES), Duration.ofMillis(config.getLong(MODELS_FETCH_TIMEOUT_MS)),
                config.getBoolean(MODELS_FETCH_FOLLOW_REDIRECTS));
        return new Settings(config.getInt(ONNX_INTRA_OP_THREADS), fetch,
                Duration.ofMillis(config.getLong(PARKED_DRAIN_INTERVAL_MS)),
                new ScoreBatching(config.getInt(BATCH_MAX_RECORDS), Duration.ofMillis(config.getLong(BATCH_MAX_WAIT_MS))),
                trustedKeys(config.getList(MODELS_TRUSTED_KEYS)));
    }

    private static TrustedKeys trustedKeys(List<String> entries) {
        try {
            return TrustedKeys.load(entries.stream().map(Path::of).toList());
        } catch (KeyFileException e) {
            throw new ConfigException(MODELS_TRUSTED_KEYS, String.join(",", entries), e.getMessage());
        }
    }

    /** Checks each allowed URI as the fetch policy will read it, at start-up; named for generated docs. */
    private static final class AllowedUrisValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<String> uris = value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
            try {
                FetchPolicy.of(null, uris, 1, Duration.ofSeconds(1), false);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "schemes (https:) or URI prefixes, comma-separated";
        }
    }
}

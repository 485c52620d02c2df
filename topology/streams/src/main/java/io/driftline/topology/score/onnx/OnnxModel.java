package io.driftline.topology.score.onnx;

import static io.driftline.topology.score.onnx.ModelLoadException.Reason.ONNX_LOAD_FAILED;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftline.InputMode;
import io.driftline.ModelManifest;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded ONNX model, checked against its manifest, that scores batches of encoded feature rows.
 *
 * <p>Reference-counted: closing an {@link OrtSession} while another thread is inside {@code run()} aborts the
 * JVM (FACTS.md), and a hot swap happens on another thread than scoring. The owner holds one reference;
 * each scoring batch {@link #tryAcquire() acquires} one and releases it when done; {@link #close()} drops the
 * owner's reference, and the native session is closed by whichever release brings the count to zero.
 * Once the count is zero, acquire refuses, so no batch can start on a closed session.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;
    private final OutputReader reader;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean ownerReleased = new AtomicBoolean();

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelSignature signature, OutputReader reader) {
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.reader = reader;
    }

    /**
     * Loads an ONNX graph and checks its inputs and outputs against the manifest.
     *
     * @param intraOpThreads ONNX Runtime intra-op threads; 1 suits a stream thread per core
     */
    public static OnnxModel load(byte[] onnx, ModelManifest manifest, int intraOpThreads) throws ModelLoadException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Spinning threads burn a core between calls; on small boxes the stream threads need it.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            session = env.createSession(onnx, options);
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException(ONNX_LOAD_FAILED, "ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
        try {
            ModelSignature signature = ModelSignature.resolve(session, manifest);
            return new OnnxModel(env, session, signature, new OutputReader(manifest.getOutput(), signature));
        } catch (OrtException | ModelLoadException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException(ONNX_LOAD_FAILED, "could not read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    /** Number of features each row must have. */
    public int featureCount() {
        return signature.featureCount();
    }

    /**
     * Scores a batch of rows. The caller must hold a reference ({@link #tryAcquire()}).
     *
     * @param rows encoded features, one array of {@link #featureCount()} values per row
     */
    public List<ModelOutput> score(float[][] rows) throws OrtException {
        int n = rows.length;
        int f = signature.featureCount();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            if (signature.inputMode() == InputMode.TENSOR) {
                FloatBuffer buffer = FloatBuffer.allocate(n * f);
                for (float[] row : rows) {
                    checkWidth(row, f);
                    buffer.put(row);
                }
                buffer.flip();
                inputs.put(signature.inputNames().get(0), OnnxTensor.createTensor(env, buffer, new long[] {n, f}));
            } else {
                for (int j = 0; j < f; j++) {
                    FloatBuffer column = FloatBuffer.allocate(n);
                    for (float[] row : rows) {
                        checkWidth(row, f);
                        column.put(row[j]);
                    }
                    column.flip();
                    inputs.put(signature.inputNames().get(j), OnnxTensor.createTensor(env, column, new long[] {n, 1}));
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return reader.read(result, n);
            }
        } finally {
            // Tensors hold off-heap memory: close every one, whatever happened.
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static void checkWidth(float[] row, int f) {
        if (row.length != f) {
            throw new IllegalArgumentException("row has " + row.length + " features, the model takes " + f);
        }
    }

    /** Takes a reference for one batch; false once the model has been closed and drained. */
    public boolean tryAcquire() {
        for (;;) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference taken by {@link #tryAcquire()}; the last one closes the session. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            closeQuietly(session);
        } else if (left < 0) {
            throw new IllegalStateException("OnnxModel released more often than acquired");
        }
    }

    /** References held now, the owner's included: 0 once closed and drained. */
    public int references() {
        return references.get();
    }

    /** Drops the owner's reference; the session closes when the last batch using it releases. Never throws. */
    @Override
    public void close() {
        if (ownerReleased.compareAndSet(false, true)) {
            release();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            log.warn("Closing an ONNX session failed: {}", e.getMessage());
        }
    }
}

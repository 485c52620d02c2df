package io.driftline.topology.score.onnx;

import static io.driftline.topology.score.onnx.ModelLoadException.Reason.ONNX_LOAD_FAILED;
import static io.driftline.topology.score.onnx.ModelLoadException.Reason.SCORING_FAILED;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import io.driftline.FeatureSpec;
import io.driftline.ModelManifest;
import io.driftline.OutputSpec;
import io.driftline.models.features.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded ONNX model, checked against its manifest, that scores batches of encoded feature rows: inputs of
 * float, double, int64 or string elements ({@link #featureTypes()}), outputs as a class-probability tensor (one
 * column per class, or a single positive-class column), a ZipMap with int64 or string keys, or a regression value.
 *
 * <p>Scoring: {@link #newBatch(int)}, encode each event into it
 * ({@link io.driftline.models.features.FeatureEncoder#encodeInto(org.apache.avro.generic.GenericRecord,
 * io.driftline.models.features.FeatureSink, int)}), then {@link #score(InputBatch)}.
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
     * Loads an ONNX graph and checks its inputs and outputs against the manifest. For a ZipMap output, the model's
     * classes are its ZipMap's keys, read from one probe row (zeros, and each string input's first vocabulary
     * entry) and checked against classLabels.
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
            OutputSpec out = manifest.getOutput();
            ModelClasses classes = signature.layout() == ModelSignature.Layout.ZIPMAP
                    ? zipMapClasses(env, session, signature, manifest)
                    : ModelClasses.ofTensor(out, signature.layout(), signature.scoresName(),
                    ((TensorInfo) session.getOutputInfo().get(signature.scoresName()).getInfo()).getShape());
            return new OnnxModel(env, session, signature, new OutputReader(out.getKind(), signature, classes));
        } catch (OrtException | ModelLoadException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException(ONNX_LOAD_FAILED, "could not read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    /** The ZipMap's keys are not in the graph's type info: one probe row shows them (they are the same for every row). */
    private static ModelClasses zipMapClasses(OrtEnvironment env, OrtSession session, ModelSignature signature,
                                              ModelManifest manifest) throws ModelLoadException {
        InputBatch probe = new InputBatch(signature, 1);
        List<FeatureSpec> features = manifest.getFeatures();
        for (int j = 0; j < features.size(); j++) {
            switch (signature.featureTypes().get(j)) {
                case FLOAT -> probe.putFloat(0, j, 0f);
                case DOUBLE -> probe.putDouble(0, j, 0.0);
                case INT64 -> probe.putLong(0, j, 0L);
                case STRING -> {
                    List<String> vocabulary = features.get(j).getVocabulary();
                    probe.putString(0, j, vocabulary == null || vocabulary.isEmpty() ? "" : vocabulary.get(0));
                }
                default -> throw new IllegalStateException("unknown value type " + signature.featureTypes().get(j));
            }
        }
        String name = signature.scoresName();
        List<String> keys;
        String keyType;
        Map<String, OnnxTensor> inputs = Map.of();
        try {
            inputs = probe.tensors(env);
            try (OrtSession.Result result = session.run(inputs, Set.of(name))) {
                OnnxSequence sequence = (OnnxSequence) result.get(name).orElseThrow();
                keys = OutputReader.zipMapKeys(sequence);
                keyType = ((SequenceInfo) session.getOutputInfo().get(name).getInfo()).mapInfo.keyType
                        == OnnxJavaType.INT64 ? "int64" : "string";
            }
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException(SCORING_FAILED, "could not read the classes of ZipMap output '" + name
                    + "' from a probe row of zeros: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
        return ModelClasses.ofZipMap(manifest.getOutput(), name, keys, keyType);
    }

    /** Number of features each row must have. */
    public int featureCount() {
        return signature.featureCount();
    }

    /**
     * The element type each feature is fed as, in manifest order, from the graph's declared input types: build the
     * model's {@link io.driftline.models.features.FeatureEncoder} with it.
     */
    public List<ValueType> featureTypes() {
        return signature.featureTypes();
    }

    /** An empty batch of {@code rows} rows for this model's inputs, to encode events into and {@link #score}. */
    public InputBatch newBatch(int rows) {
        return new InputBatch(signature, rows);
    }

    /**
     * Scores a batch made by {@link #newBatch(int)} and filled. The caller must hold a reference ({@link #tryAcquire()}).
     *
     * @return one output per row, in row order
     */
    public List<ModelOutput> score(InputBatch batch) throws OrtException {
        if (batch.signature() != signature) {
            throw new IllegalArgumentException("the batch was made for another model");
        }
        Map<String, OnnxTensor> inputs = batch.tensors(env);
        try (OrtSession.Result result = session.run(inputs)) {
            return reader.read(result, batch.rows());
        } finally {
            // Tensors hold off-heap memory: close every one, whatever happened.
            inputs.values().forEach(OnnxTensor::close);
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

package io.driftline.topology.score;

import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.ModelBundle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models serving on this instance, fed from the model-updates topic.
 *
 * <p>Each model name has a champion slot and a shadow slot. {@link #apply} verifies a bundle completely
 * before it replaces the slot's model in one atomic map update; a bundle that fails verification is rejected
 * and the previous version keeps serving. Stream threads {@link #leaseAll() lease} the current models for a
 * batch; a swapped-out model's session is closed only when its last lease is released.
 *
 * <p>{@link #apply} is called from the single model-update thread, never from a stream thread, because
 * loading a large model can take seconds.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final int HISTORY_LIMIT = 200;
    /** Reason of a rejection caused by an unexpected failure (a bug, or an Error a hostile bundle caused). */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    /** Reference profiles of versions that served recently, so that their last windows can still be judged. */
    private static final int RECENT_PROFILES_LIMIT = 64;

    private record Slot(String model, boolean shadow) {
    }

    /** What verifies a bundle: a {@link BundleVerifier}, or in tests anything that fails as a hostile bundle may. */
    interface Verifier {
        ServingModel verify(ModelBundle bundle, boolean shadow) throws BundleRejectedException;
    }

    /**
     * What this instance requires of a bundle's route before it loads the model: the service checks that its input
     * topics are ones it reads and that its output topic exists. It runs on the model-update thread, before the
     * (costlier) verification.
     */
    public interface Admission {
        /** Admits everything (topology tests, tools). */
        Admission ANY = bundle -> {
        };

        /** @throws BundleRejectedException with the reason the route cannot be served here */
        void admit(ModelBundle bundle) throws BundleRejectedException;
    }

    private final Verifier verifier;
    private final Admission admission;
    private final Clock clock;
    private final Map<Slot, ServingModel> slots = new ConcurrentHashMap<>();
    private final Deque<ModelEvent> history = new ConcurrentLinkedDeque<>();
    private final List<Consumer<ModelEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ModelVerdicts verdicts = new ModelVerdicts();
    private final Map<String, ReferenceProfile> recentProfiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReferenceProfile> eldest) {
            return size() > RECENT_PROFILES_LIMIT;
        }
    };

    public ModelRegistry(BundleVerifier verifier, Clock clock) {
        this(verifier::verify, clock, Admission.ANY);
    }

    /** A registry that admits only bundles whose route {@code admission} admits. */
    public ModelRegistry(BundleVerifier verifier, Clock clock, Admission admission) {
        this(verifier::verify, clock, admission);
    }

    ModelRegistry(Verifier verifier, Clock clock) {
        this(verifier, clock, Admission.ANY);
    }

    ModelRegistry(Verifier verifier, Clock clock, Admission admission) {
        this.verifier = verifier;
        this.clock = clock;
        this.admission = java.util.Objects.requireNonNull(admission, "admission");
    }

    /** Registers a listener for every model event (called on the model-update thread). */
    public void addListener(Consumer<ModelEvent> listener) {
        listeners.add(listener);
    }

    /** The verdicts on model-updates records applied with their offsets, for the MODEL_REJECTED alert writer. */
    public ModelVerdicts verdicts() {
        return verdicts;
    }

    /**
     * Applies the record at {@code partition}/{@code offset} of the model-updates topic and keeps the verdict in
     * {@link #verdicts()}, where the stream task reading the same record finds it.
     */
    public ModelEvent apply(String key, ModelUpdate update, int partition, long offset) {
        return apply(key, update, partition, offset, false);
    }

    /**
     * As {@link #apply(String, ModelUpdate, int, long)}; {@code asChampion} serves a SHADOW bundle as the champion
     * (a promotion, or a rollback to a version that once served from the shadow slot), verified as it is.
     */
    public ModelEvent apply(String key, ModelUpdate update, int partition, long offset, boolean asChampion) {
        ModelEvent event = apply(key, update, asChampion);
        verdicts.decided(partition, offset, event, BundleFacts.of(update));
        return event;
    }

    /** {@link #rejectUndecodable(String, String)} for the record at {@code partition}/{@code offset}. */
    public ModelEvent rejectUndecodable(String key, String message, int partition, long offset) {
        ModelEvent event = rejectUndecodable(key, message);
        verdicts.decided(partition, offset, event);
        return event;
    }

    /**
     * Applies one record of the model-updates topic.
     *
     * @param key    the record key (model name)
     * @param update the bundle, or null for a tombstone (retires the model)
     * @return what happened
     */
    public ModelEvent apply(String key, ModelUpdate update) {
        return apply(key, update, false);
    }

    private ModelEvent apply(String key, ModelUpdate update, boolean asChampion) {
        long started = System.nanoTime();
        if (update == null || update.getAction() == ModelAction.RETIRE) {
            String model = update == null ? key : update.getModel();
            return retire(model, update == null ? null : update.getVersion(), started);
        }
        boolean shadow = update.getAction() == ModelAction.SHADOW && !asChampion;
        Slot slot = new Slot(update.getModel(), shadow);
        ServingModel current = slots.get(slot);
        String previous = current == null ? null : current.version();
        if (current != null && current.version().equals(update.getVersion())
                && Objects.equals(current.sha256(), update.getSha256())) {
            // Re-reading the compacted topic after a restart or rebalance: nothing to swap.
            return record(new ModelEvent(ModelEvent.Kind.UNCHANGED, slot.model(), update.getVersion(), previous, shadow,
                    null, "already serving", millisSince(started), clock.instant()));
        }
        ServingModel loaded;
        try {
            ModelBundle bundle = ModelBundle.fromUpdate(update);
            admission.admit(bundle);
            loaded = verifier.verify(bundle, shadow);
        } catch (BundleException e) {
            return reject(update, previous, shadow, e.reason().name(), e.getMessage(), started);
        } catch (BundleRejectedException e) {
            return reject(update, previous, shadow, e.reason(), e.getMessage(), started);
        } catch (Throwable e) { // NOPMD: a hostile bundle may cause any Error (OOM, stack overflow, native failure)
            // One bundle must never end model updates: whatever it throws rejects it, and the next one is applied.
            log.error("Model {} v{}: verification failed unexpectedly", update.getModel(), update.getVersion(), e);
            return reject(update, previous, shadow, INTERNAL_ERROR, "verification failed unexpectedly: " + e, started);
        }
        if (loaded.referenceProfile() != null) {
            synchronized (recentProfiles) {
                recentProfiles.put(profileKey(loaded.model(), loaded.version()), loaded.referenceProfile());
            }
        }
        ServingModel replaced = slots.put(slot, loaded);
        if (!shadow) {
            // A promoted challenger leaves the shadow slot.
            ServingModel challenger = slots.get(new Slot(slot.model(), true));
            if (challenger != null && challenger.version().equals(loaded.version())) {
                slots.remove(new Slot(slot.model(), true), challenger);
                challenger.onnx().close();
            }
        }
        if (replaced != null) {
            replaced.onnx().close();
        }
        return record(new ModelEvent(ModelEvent.Kind.DEPLOYED, slot.model(), loaded.version(), previous, shadow, null,
                verifiedMessage(update, loaded), millisSince(started), clock.instant()));
    }

    /**
     * What was checked, in words. "Signature" means only the cryptographic signature over the bundle's content: it
     * is named first when a trusted key's signature was verified, and a bundle that carries one on an instance with
     * no trusted keys is told that it was not verified rather than reported as verified.
     */
    static String verifiedMessage(ModelUpdate update, ServingModel loaded) {
        String signed = loaded.signingKeyId() != null ? "signature by trusted key " + loaded.signingKeyId() + ", " : "";
        String unchecked = loaded.signingKeyId() == null && update.getSignature() != null
                ? "; signature not verified (no trusted keys configured: " + ScoreConfig.MODELS_TRUSTED_KEYS + ")" : "";
        return "verified: " + signed + "checksum, ONNX inputs and outputs match the manifest, "
                + update.getGoldenExamples().size() + " golden examples" + unchecked;
    }

    /** Records a model-update record that could not even be decoded. */
    public ModelEvent rejectUndecodable(String key, String message) {
        return record(new ModelEvent(ModelEvent.Kind.REJECTED, key, null, currentVersion(key), false,
                "UNDECODABLE", message, 0, clock.instant()));
    }

    private ModelEvent retire(String model, String version, long started) {
        ServingModel champion = slots.remove(new Slot(model, false));
        ServingModel shadow = slots.remove(new Slot(model, true));
        if (champion != null) {
            champion.onnx().close();
        }
        if (shadow != null) {
            shadow.onnx().close();
        }
        return record(new ModelEvent(ModelEvent.Kind.RETIRED, model, version,
                champion == null ? null : champion.version(), false, null, "retired", millisSince(started), clock.instant()));
    }

    private ModelEvent reject(ModelUpdate update, String previous, boolean shadow, String reason, String message,
                              long started) {
        return record(new ModelEvent(ModelEvent.Kind.REJECTED, update.getModel(), update.getVersion(), previous, shadow,
                reason, message, millisSince(started), clock.instant()));
    }

    private ModelEvent record(ModelEvent event) {
        if (event.kind() != ModelEvent.Kind.UNCHANGED) {
            history.addFirst(event);
            while (history.size() > HISTORY_LIMIT) {
                history.pollLast();
            }
        }
        switch (event.kind()) {
            case REJECTED -> log.warn("Model {} v{} rejected ({}): {}; {} keeps serving", event.model(), event.version(),
                    event.reason(), event.message(), event.previousVersion() == null ? "no version" : "v" + event.previousVersion());
            case DEPLOYED -> log.info("Model {} v{} {} in {} ms ({})", event.model(), event.version(),
                    event.shadow() ? "shadowing" : "serving", event.durationMs(), event.message());
            case RETIRED -> log.info("Model {} retired", event.model());
            case UNCHANGED -> log.debug("Model {} v{} unchanged", event.model(), event.version());
        }
        for (Consumer<ModelEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (Throwable e) { // NOPMD: a listener's failure must not undo the model update
                log.warn("Model event listener failed: {}", e.toString());
            }
        }
        return event;
    }

    /**
     * Leases every serving model (champions and shadows) for one batch. The caller must close every lease.
     * A model swapped out between the read and the lease is skipped in favour of its replacement.
     */
    public List<ServingModel.Lease> leaseAll() {
        List<ServingModel.Lease> leases = new ArrayList<>(slots.size());
        for (Slot slot : slots.keySet()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                ServingModel model = slots.get(slot);
                if (model == null) {
                    break;
                }
                ServingModel.Lease lease = model.tryLease();
                if (lease != null) {
                    leases.add(lease);
                    break;
                }
            }
        }
        return leases;
    }

    /** True when at least one champion serves. */
    public boolean hasServingModel() {
        return slots.keySet().stream().anyMatch(s -> !s.shadow());
    }

    /** The champion version of a model, or null. */
    public String currentVersion(String model) {
        ServingModel serving = slots.get(new Slot(model, false));
        return serving == null ? null : serving.version();
    }

    /**
     * The reference profile of a model version that serves now or served recently on this instance (the last
     * {@value #RECENT_PROFILES_LIMIT} versions deployed): a window of a version that was swapped out before the
     * window closed is still judged against its own reference. Null when unknown or the bundle had none.
     */
    public ReferenceProfile referenceProfile(String model, String version) {
        for (ServingModel serving : slots.values()) {
            if (serving.model().equals(model) && serving.version().equals(version)
                    && serving.referenceProfile() != null) {
                return serving.referenceProfile();
            }
        }
        synchronized (recentProfiles) {
            return recentProfiles.get(profileKey(model, version));
        }
    }

    private static String profileKey(String model, String version) {
        return model + '\u0000' + version;
    }

    /** Snapshot of every serving model, champions and shadows. */
    public Collection<ServingModel> serving() {
        return List.copyOf(slots.values());
    }

    /** Recent model events, newest first. */
    public List<ModelEvent> history() {
        return List.copyOf(history);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Closes every serving model; sessions in use close when their last lease is released. */
    @Override
    public void close() {
        slots.values().forEach(m -> m.onnx().close());
        slots.clear();
    }
}

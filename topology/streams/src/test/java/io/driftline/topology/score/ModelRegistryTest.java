package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.GoldenExample;
import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.Sha256;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static ModelBundle v1;
    private static ModelBundle v2;
    private final ModelRegistry registry = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC());

    @BeforeAll
    static void train() {
        v1 = DemoModel.train("1", 1, 1_000);
        v2 = DemoModel.train("2", 2, 1_000);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldDeployThenSwapAndCloseTheOldSessionOnceItsLastLeaseIsReleased() {
        assertThat(registry.apply("fraud", v1.toUpdate()).kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        List<ServingModel.Lease> leases = registry.leaseAll();
        ServingModel old = leases.get(0).model();
        assertThat(old.onnx().references()).isEqualTo(2);

        ModelEvent swap = registry.apply("fraud", v2.toUpdate());

        assertThat(swap.kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        assertThat(swap.previousVersion()).isEqualTo("1");
        assertThat(registry.currentVersion("fraud")).isEqualTo("2");
        assertThat(old.onnx().references()).as("in-flight batch keeps the old session open").isEqualTo(1);
        leases.forEach(ServingModel.Lease::close);
        assertThat(old.onnx().references()).isZero();
        assertThat(old.onnx().tryAcquire()).as("a closed session is never leased again").isFalse();
    }

    @Test
    void shouldTreatTheSameVersionReadAgainAsUnchanged() {
        registry.apply("fraud", v1.toUpdate());
        assertThat(registry.apply("fraud", v1.toUpdate()).kind()).isEqualTo(ModelEvent.Kind.UNCHANGED);
    }

    @Test
    void shouldRejectAChecksumMismatchAndKeepServingThePreviousVersion() {
        registry.apply("fraud", v1.toUpdate());
        ModelUpdate bad = v2.toUpdate();
        bad.setSha256(Sha256.hex("something else".getBytes()));

        ModelEvent event = registry.apply("fraud", bad);

        assertThat(event.kind()).isEqualTo(ModelEvent.Kind.REJECTED);
        assertThat(event.reason()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(event.previousVersion()).isEqualTo("1");
        assertThat(registry.currentVersion("fraud")).isEqualTo("1");
        assertThat(registry.history().get(0)).isEqualTo(event);
    }

    @Test
    void shouldRejectBytesThatAreNotOnnx() {
        registry.apply("fraud", v1.toUpdate());
        byte[] junk = "definitely not a protobuf graph".getBytes();
        ModelUpdate bad = v2.toUpdate();
        bad.setOnnx(ByteBuffer.wrap(junk));
        bad.setSha256(Sha256.hex(junk));

        ModelEvent event = registry.apply("fraud", bad);

        assertThat(event.reason()).isEqualTo("ONNX_LOAD_FAILED");
        assertThat(registry.currentVersion("fraud")).isEqualTo("1");
    }

    @Test
    void shouldRejectAManifestThatDoesNotMatchTheGraph() {
        ModelUpdate bad = v2.toUpdate();
        bad.getManifest().getFeatures().remove(0);
        // keep the bundle self-consistent (golden rows as wide as the manifest) so that only the graph disagrees
        bad.getGoldenExamples().forEach(g -> g.setFeatures(new java.util.ArrayList<>(g.getFeatures().subList(1, g.getFeatures().size()))));

        ModelEvent event = registry.apply("fraud", bad);

        assertThat(event.reason()).isEqualTo("SHAPE_MISMATCH");
        assertThat(event.message()).contains("features");
        assertThat(registry.hasServingModel()).isFalse();
    }

    @Test
    void shouldRejectABundleWhoseGoldenExamplesDoNotHold() {
        registry.apply("fraud", v1.toUpdate());
        ModelUpdate bad = v2.toUpdate();
        GoldenExample first = bad.getGoldenExamples().get(0);
        first.setExpectedScore(first.getExpectedScore() + 0.25);

        ModelEvent event = registry.apply("fraud", bad);

        assertThat(event.reason()).isEqualTo("GOLDEN_MISMATCH");
        assertThat(event.message()).contains("golden example 0");
        assertThat(registry.currentVersion("fraud")).isEqualTo("1");
    }

    @Test
    void shouldRetireAModel() {
        registry.apply("fraud", v1.toUpdate());
        ModelUpdate retire = v1.toUpdate();
        retire.setAction(ModelAction.RETIRE);

        assertThat(registry.apply("fraud", retire).kind()).isEqualTo(ModelEvent.Kind.RETIRED);
        assertThat(registry.hasServingModel()).isFalse();
        assertThat(registry.leaseAll()).isEmpty();
    }

    @Test
    void shouldSwapRepeatedlyUnderConcurrentScoringWithoutErrors() throws Exception {
        registry.apply("fraud", v1.toUpdate());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong scored = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    List<ServingModel.Lease> leases = registry.leaseAll();
                    try {
                        for (ServingModel.Lease lease : leases) {
                            // a fresh batch per run, as ScoreProcessor makes one (all zeros: a valid row)
                            lease.model().onnx().score(lease.model().onnx().newBatch(1));
                            scored.incrementAndGet();
                        }
                    } finally {
                        leases.forEach(ServingModel.Lease::close);
                    }
                }
                return null;
            }));
        }
        List<ServingModel> replaced = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replaced.addAll(registry.serving());
            ModelBundle next = i % 2 == 0 ? v2 : v1;
            ModelUpdate update = next.toUpdate();
            update.setVersion(next.version() + "." + i);
            assertThat(registry.apply("fraud", update).kind()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        }
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(scored.get()).isPositive();
        assertThat(replaced).allSatisfy(m -> assertThat(m.onnx().references()).isZero());
    }
}

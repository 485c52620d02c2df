package io.driftline.topology.stats;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.payments.WindowAggregates;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoredEvent;
import io.driftline.topology.score.ServingModel;
import io.driftline.topology.score.onnx.ModelOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;

/**
 * Demo payments enriched and scored as the service would (card profile, window aggregates, the demo model's
 * ONNX session), without a topology: for tests of the statistics and the merge on their own.
 */
final class DemoScoring implements AutoCloseable {

    final ModelRegistry registry = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC());
    final ServingModel model;
    private Transactions.Generator generator;
    private final WindowAggregates aggregates = new WindowAggregates(DemoModel.aggregateSpecs(), Duration.ZERO);
    private long offset;

    DemoScoring(ModelBundle bundle, long seed) {
        registry.apply(bundle.model(), bundle.toUpdate());
        model = registry.serving().iterator().next();
        generator = Transactions.generator(seed);
    }

    /** Payments from now on have their amounts multiplied by {@code factor}. */
    DemoScoring withAmountShift(double factor) {
        generator = generator.withAmountShift(factor);
        return this;
    }

    /** The next payment of the simulation, enriched and scored (with what the encoder read noted, as in service). */
    ScoredEvent next() {
        return next(value -> { });
    }

    /**
     * The next payment with its decoded value changed by {@code edit} first (as if the producer had sent it so),
     * enriched and scored.
     */
    ScoredEvent next(Consumer<GenericRecord> edit) {
        Transactions.Payment payment = generator.nextPayment();
        edit.accept(payment.transaction());
        Map<String, Double> aggs = aggregates.add(payment.cardId(), payment.eventTime(), payment.transaction());
        InputEvent event = new InputEvent(payment.cardId(), payment.transaction(), new byte[0], payment.eventTime(),
                "events", 0, offset++, new Enrichment(payment.profile(), null, aggs));
        var batch = model.onnx().newBatch(1);
        double[] observed = new double[model.encoder().size()];
        model.encoder().encodeInto(event.features(), batch, 0, observed);
        ModelOutput output;
        try {
            output = model.onnx().score(batch).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Prediction prediction = Prediction.newBuilder().setEventId("e" + offset).setModel(model.model())
                .setModelVersion(model.version()).setScore(output.score()).setLabel(output.label())
                .setScores(output.scores()).setEventTime(Instant.ofEpochMilli(payment.eventTime()))
                .setScoredAt(Instant.now()).build();
        return new ScoredEvent(event, model, prediction, null, null, observed);
    }

    /** The next payments up to (excluding) {@code until} in event time. */
    List<ScoredEvent> until(long until) {
        List<ScoredEvent> out = new ArrayList<>();
        while (true) {
            ScoredEvent event = next();
            if (event.event().timestamp() >= until) {
                return out; // one payment past the end is dropped: tests only need the ones inside
            }
            out.add(event);
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}

package io.driftline.loadtest.throughput;

import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.payments.WindowAggregates;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ServingModel;
import io.driftline.topology.score.onnx.InputBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * ONNX Runtime alone on the demo model, loaded as the service loads a bundle ({@link BundleVerifier}), each row
 * encoded as serving encodes it (the event's enriched view, {@code profile.*} and {@code agg.*} included, written
 * straight into the model's input batch) and scored: the cost of scoring with no Kafka around it.
 */
final class OnnxScoringRun {

    private static final int ROWS = 4_096;

    private final ServingModel model;
    private final List<GenericRecord> rows;
    /** Nanoseconds spent encoding and in ONNX Runtime by the runs being measured. */
    private long encodeNanos;
    private long onnxNanos;

    /**
     * Microseconds per row: in all, encoding the rows into the model's input, and in ONNX Runtime (what the
     * pipeline's {@code driftline.scoring.encode.latency} and {@code driftline.scoring.onnx.latency} time).
     */
    record PerRow(double total, double encode, double onnx) {
    }

    private OnnxScoringRun(ServingModel model, List<GenericRecord> rows) {
        this.model = model;
        this.rows = rows;
    }

    /** Loads the bundle and makes {@value #ROWS} enriched demo events to cycle through. */
    static OnnxScoringRun prepare(ModelBundle bundle, int intraOpThreads, CardPopulation cards, long seed)
            throws Exception {
        ServingModel model = new BundleVerifier(intraOpThreads, Clock.systemUTC()).verify(bundle, false);
        Transactions.Generator generator = Transactions.generator(cards, seed, System.currentTimeMillis());
        WindowAggregates aggregates = new WindowAggregates(DemoModel.aggregateSpecs(), Duration.ZERO);
        List<GenericRecord> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Transactions.Payment p = generator.nextPayment();
            InputEvent event = new InputEvent(p.cardId(), p.transaction(), new byte[0], p.eventTime(), "bench", 0, i)
                    .withEnrichment(new Enrichment(p.profile(), null,
                            aggregates.add(p.cardId(), p.eventTime(), p.transaction())));
            rows.add(event.features());
        }
        return new OnnxScoringRun(model, rows);
    }

    /**
     * Microseconds per row at {@code batch} rows a model run: warm-up for {@code warmUp}, then as many runs as fit
     * in {@code measure}.
     */
    PerRow microsPerRow(int batch, Duration warmUp, Duration measure) throws Exception {
        score(batch, warmUp.toNanos());
        encodeNanos = 0;
        onnxNanos = 0;
        long rowsScored = 0;
        long started = System.nanoTime();
        long deadline = started + measure.toNanos();
        int next = 0;
        while (System.nanoTime() < deadline) {
            next = scoreOnce(batch, next);
            rowsScored += batch;
        }
        double rows = rowsScored;
        return new PerRow((System.nanoTime() - started) / 1e3 / rows, encodeNanos / 1e3 / rows,
                onnxNanos / 1e3 / rows);
    }

    private void score(int batch, long nanos) throws Exception {
        long deadline = System.nanoTime() + nanos;
        int next = 0;
        while (System.nanoTime() < deadline) {
            next = scoreOnce(batch, next);
        }
    }

    /** One model run as ScoreProcessor makes it: a fresh batch, every row encoded into it, scored. */
    private int scoreOnce(int batch, int next) throws Exception {
        long started = System.nanoTime();
        InputBatch input = model.onnx().newBatch(batch);
        for (int i = 0; i < batch; i++) {
            model.encoder().encodeInto(rows.get(next), input, i);
            next = next + 1 == rows.size() ? 0 : next + 1;
        }
        long encoded = System.nanoTime();
        if (model.onnx().score(input).size() != batch) {
            throw new IllegalStateException("the model gave no output for every row");
        }
        encodeNanos += encoded - started;
        onnxNanos += System.nanoTime() - encoded;
        return next;
    }

    void close() {
        model.onnx().close();
    }
}

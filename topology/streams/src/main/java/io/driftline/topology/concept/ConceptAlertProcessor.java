package io.driftline.topology.concept;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.Severity;
import io.driftline.topology.alert.AlertKey;
import io.driftline.topology.alert.AlertLedger;
import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns detector signals into the CONCEPT_DRIFT alert of a model version, keyed {@code model|CONCEPT_DRIFT|version}
 * on the compacted alerts topic: OPEN on the first signal (several tasks' detectors may signal the same change;
 * while the alert is open, more signals only keep it open), RESOLVED once no detector has signalled for the quiet
 * period, checked on wall-clock time. A detector starts over after it signals, so a model whose error rose and
 * stays high signals once; the window performance metrics and the PERFORMANCE alert say whether it stays worse than
 * its reference. Signals of a model meet on one partition (keyed by model), so its alerts are decided in one place.
 * The open alerts are an {@link AlertLedger} in {@value ConceptStage#ALERT_STORE}.
 */
final class ConceptAlertProcessor extends ContextualProcessor<String, ConceptSignal, String, Alert> {

    private final long quietMs;
    private final Duration interval;
    private AlertLedger<State> ledger;

    ConceptAlertProcessor(Duration quiet) {
        this.quietMs = quiet.toMillis();
        this.interval = Duration.ofMillis(Math.max(100, Math.min(5_000, quietMs / 4)));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        ledger = AlertLedger.open(context, ConceptStage.ALERT_STORE, null);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::resolveQuiet);
    }

    @Override
    public void process(Record<String, ConceptSignal> record) {
        ConceptSignal signal = record.value();
        AlertKey key = AlertKey.conceptDrift(signal.model(), signal.version());
        long now = context().currentSystemTimeMs();
        State state = ledger.get(key);
        if (state == null) {
            state = new State(signal.model(), signal.version(), now, now, 1, signal.meanError(), signal.at());
            context().forward(new Record<>(key.toString(), alert(key, state, AlertStatus.OPEN, now), now));
        } else {
            state = new State(state.model, state.version, state.openedAt, now, state.signals + 1,
                    state.meanError, state.firstSignalAt);
        }
        ledger.put(key, state);
    }

    private void resolveQuiet(long now) {
        List<State> quiet = new ArrayList<>();
        for (State state : ledger.all()) {
            if (now - state.lastSignalAt >= quietMs) {
                quiet.add(state);
            }
        }
        for (State state : quiet) {
            AlertKey key = state.key();
            context().forward(new Record<>(key.toString(), alert(key, state, AlertStatus.RESOLVED, now), now));
            ledger.delete(key);
        }
    }

    private Alert alert(AlertKey key, State state, AlertStatus status, long now) {
        String message = status == AlertStatus.OPEN
                ? String.format(Locale.ROOT, "Concept drift in model %s v%s: the per-event error of labelled "
                        + "predictions rose (Page-Hinkley statistic passed its threshold; mean error %.4g since the "
                        + "detector last started); labels arriving at %s", state.model, state.version, state.meanError,
                        Instant.ofEpochMilli(state.firstSignalAt))
                : String.format(Locale.ROOT, "Concept drift in model %s v%s: no detector signalled for %d s after %d "
                        + "signal(s); see the window performance metrics for whether the error stays high",
                        state.model, state.version, quietMs / 1000, state.signals);
        return Alert.newBuilder()
                .setAlertId(key + "|" + state.openedAt)
                .setModel(state.model).setModelVersion(state.version)
                .setType(AlertType.CONCEPT_DRIFT).setSeverity(Severity.WARNING).setStatus(status)
                .setSubject(key.subject().name())
                .setMetric("page_hinkley_mean_error").setValue(state.meanError).setThreshold(null)
                .setWindowStart(Instant.ofEpochMilli(state.firstSignalAt)).setWindowEnd(null)
                .setMessage(message).setTopFeatures(List.of())
                .setCreatedAt(Instant.ofEpochMilli(state.openedAt)).setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * An open CONCEPT_DRIFT alert. Stored in {@link #LAYOUT}, version 1: model and version (modified UTF-8), opened
     * at, last signal at, signals, mean error, first signal at. This layout had its version byte (1) before the
     * versioned scheme, so the bytes the release before wrote are version 1 as they are.
     */
    record State(String model, String version, long openedAt, long lastSignalAt, long signals,
                 double meanError, long firstSignalAt) {

        /** Where this alert is in the ledger and on the topic. */
        AlertKey key() {
            return AlertKey.conceptDrift(model, version);
        }

        /** The layout of the values of {@value ConceptStage#ALERT_STORE}. */
        static final StateLayout<State> LAYOUT = StateLayout.<State>of(ConceptStage.ALERT_STORE)
                .current(1, (state, out) -> {
                    out.writeUTF(state.model);
                    out.writeUTF(state.version);
                    out.writeLong(state.openedAt);
                    out.writeLong(state.lastSignalAt);
                    out.writeLong(state.signals);
                    out.writeDouble(state.meanError);
                    out.writeLong(state.firstSignalAt);
                }, body -> {
                    DataInputStream in = StateLayout.data(body);
                    return new State(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(),
                            in.readDouble(), in.readLong());
                })
                .build();
    }
}

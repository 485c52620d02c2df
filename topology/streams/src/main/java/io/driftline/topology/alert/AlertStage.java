package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.DriftReport;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Alert stage: drift reports in, alert lifecycle changes out (see {@link AlertPolicy}). */
public final class AlertStage {

    /** Lifecycle state per (model, type, subject), changelogged so that a restart neither reopens nor forgets. */
    public static final String STORE = "alert-lifecycle";

    private AlertStage() {
    }

    /** Alerts that open or resolve, keyed by {@link AlertKey}; end them at the {@link AlertSink}. */
    public static KStream<String, Alert> alerts(StreamsBuilder builder, KStream<String, DriftReport> reports,
                                                AlertPolicy policy, Clock clock) {
        builder.addStateStore(AlertLedger.storeBuilder(STORE, AlertState.LAYOUT));
        return reports.process(() -> new AlertProcessor(policy, clock), Named.as("alert-lifecycle"), STORE);
    }
}

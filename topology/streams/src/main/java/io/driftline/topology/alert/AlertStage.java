package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.DriftReport;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/** Alert stage: drift reports in, alert lifecycle changes out (see {@link AlertPolicy}). */
public final class AlertStage {

    /** Lifecycle state per (model, type, subject), changelogged so that a restart neither reopens nor forgets. */
    public static final String STORE = "alert-lifecycle";

    private AlertStage() {
    }

    /** Alerts that open or resolve, keyed {@code model|type|subject}. */
    public static KStream<String, Alert> alerts(StreamsBuilder builder, KStream<String, DriftReport> reports,
                                                AlertPolicy policy, Clock clock) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                AlertState.LAYOUT));
        return reports.process(() -> new AlertProcessor(policy, clock), Named.as("alert-lifecycle"), STORE);
    }
}

package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.Severity;
import io.driftline.topology.score.ModelEvent;
import java.io.DataInputStream;
import java.time.Instant;
import java.util.List;

/**
 * An open MODEL_REJECTED alert: what the rejection said, enough to publish the alert again as RESOLVED when the
 * model's next version deploys. Stored in the {@link AlertLedger} in {@link #LAYOUT}: strings as
 * length-prefixed UTF-8 (messages quote verification errors and may be long).
 *
 * @param version the rejected bundle's version, null when it did not decode
 * @param reason  the stable rejection code, null when the registry gave none
 */
record RejectedBundle(String model, String version, String reason, String message, long createdAt) {

    /** The layout of the values of {@value ModelRejectionStage#STORE}: version 1, the fields in order. */
    static final io.driftline.topology.state.StateLayout<RejectedBundle> LAYOUT =
            io.driftline.topology.state.StateLayout.<RejectedBundle>of(ModelRejectionStage.STORE)
                    .current(1, (state, out) -> {
                        io.driftline.topology.state.StateLayout.writeString(out, state.model);
                        io.driftline.topology.state.StateLayout.writeString(out, state.version);
                        io.driftline.topology.state.StateLayout.writeString(out, state.reason);
                        io.driftline.topology.state.StateLayout.writeString(out, state.message);
                        out.writeLong(state.createdAt);
                    }, body -> {
                        DataInputStream in = io.driftline.topology.state.StateLayout.data(body);
                        return new RejectedBundle(io.driftline.topology.state.StateLayout.readString(in),
                                io.driftline.topology.state.StateLayout.readString(in),
                                io.driftline.topology.state.StateLayout.readString(in),
                                io.driftline.topology.state.StateLayout.readString(in),
                                in.readLong());
                    })
                    .build();

    /** The rejection the registry decided, as it opens its alert. */
    static RejectedBundle of(ModelEvent rejected) {
        String message = "Bundle " + rejected.model() + " v" + rejected.version() + " rejected (" + rejected.reason()
                + "): " + rejected.message() + "; " + (rejected.previousVersion() == null ? "no version"
                : "v" + rejected.previousVersion()) + " keeps serving";
        return new RejectedBundle(rejected.model(), rejected.version(), rejected.reason(), message,
                rejected.at().toEpochMilli());
    }

    AlertKey key() {
        return AlertKey.modelRejected(model, version);
    }

    /** The OPEN alert. Its id is its key: one alert per rejected version. */
    Alert opened() {
        AlertKey key = key();
        return Alert.newBuilder()
                .setAlertId(key.toString()).setModel(model).setModelVersion(version)
                .setType(AlertType.MODEL_REJECTED).setSeverity(Severity.WARNING).setStatus(AlertStatus.OPEN)
                .setSubject(key.subject().name()).setMetric(reason).setValue(null).setThreshold(null)
                .setWindowStart(null).setWindowEnd(null).setMessage(message).setTopFeatures(List.of())
                .setCreatedAt(Instant.ofEpochMilli(createdAt)).setUpdatedAt(Instant.ofEpochMilli(createdAt)).build();
    }

    /** The same alert RESOLVED because {@code deployedVersion} of the model deployed at {@code at}. */
    Alert resolved(String deployedVersion, Instant at) {
        Alert open = opened();
        return Alert.newBuilder(open).setStatus(AlertStatus.RESOLVED)
                .setMessage(open.getMessage() + "; resolved: v" + deployedVersion + " deployed").setUpdatedAt(at).build();
    }

}

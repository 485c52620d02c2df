package io.driftline.connectors.avro;

import io.driftline.Alert;
import org.apache.kafka.connect.data.Schema;

/**
 * The Connect schema that {@link DriftlineAvroConverter} gives an {@link Alert}, for tests of sinks in other
 * packages (AvroConnectData is package-private): what a sink task really receives, not a hand-made copy.
 */
public final class AlertConnectSchema {

    private static final Schema ALERT = new AvroConnectData().connectSchema(Alert.getClassSchema());

    private AlertConnectSchema() {
    }

    public static Schema alert() {
        return ALERT;
    }
}

package io.driftline.topology.score;

import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The layout of an event parked while no model serves ({@value ScoreProcessor#PARKED_STORE}). The store keeps the
 * original bytes, not the decoded record, so a parked event is decoded again exactly like a fresh one. Avro would
 * need a registered schema for an internal store, so this is a {@link StateLayout}: version 2 (the layout main
 * wrote with its own version byte 2 before the versioned scheme, unchanged) is key, timestamp, topic, partition,
 * offset, raw bytes, then the enrichment (profile bytes, aggregates); version 1, from before parked events kept
 * their enrichment, reads with no profile and no aggregates.
 *
 * <p>Decoded events have a null value and profile, for the caller to decode from {@code raw} and
 * {@code enrichment().profileRaw()}; the aggregates are as they were when the event was parked.
 */
final class ParkedEvent {

    /** The layout of the values of {@value ScoreProcessor#PARKED_STORE}. */
    static final StateLayout<InputEvent> LAYOUT = StateLayout.<InputEvent>of(ScoreProcessor.PARKED_STORE)
            .current(2, ParkedEvent::write, body -> read(StateLayout.data(body), true))
            .reads(1, body -> read(StateLayout.data(body), false))
            .sizeHint(256)
            .build();

    private ParkedEvent() {
    }

    private static void write(InputEvent event, DataOutputStream out) throws IOException {
        out.writeBoolean(event.key() != null);
        if (event.key() != null) {
            out.writeUTF(event.key());
        }
        out.writeLong(event.timestamp());
        out.writeUTF(event.topic());
        out.writeInt(event.partition());
        out.writeLong(event.offset());
        out.writeInt(event.raw().length);
        out.write(event.raw());
        Enrichment enrichment = event.enrichment();
        byte[] profile = enrichment.profileRaw();
        out.writeInt(profile == null ? -1 : profile.length);
        if (profile != null) {
            out.write(profile);
        }
        out.writeInt(enrichment.aggregates().size());
        for (Map.Entry<String, Double> aggregate : enrichment.aggregates().entrySet()) {
            out.writeUTF(aggregate.getKey());
            out.writeDouble(aggregate.getValue());
        }
    }

    private static InputEvent read(DataInputStream in, boolean enriched) throws IOException {
        String key = in.readBoolean() ? in.readUTF() : null;
        long timestamp = in.readLong();
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        byte[] raw = new byte[in.readInt()];
        in.readFully(raw);
        if (!enriched) {
            return new InputEvent(key, null, raw, timestamp, topic, partition, offset,
                    new Enrichment(null, null, Map.of()));
        }
        int profileLength = in.readInt();
        byte[] profile = null;
        if (profileLength >= 0) {
            profile = new byte[profileLength];
            in.readFully(profile);
        }
        int aggregateCount = in.readInt();
        Map<String, Double> aggregates = new HashMap<>();
        for (int i = 0; i < aggregateCount; i++) {
            aggregates.put(in.readUTF(), in.readDouble());
        }
        return new InputEvent(key, null, raw, timestamp, topic, partition, offset,
                new Enrichment(null, profile, aggregates));
    }
}

package io.driftline.topology.score;

import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import java.util.HashMap;
import java.util.Map;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encoding of an event parked while no model serves. The store keeps the original bytes, not the decoded
 * record, so a parked event is decoded again exactly like a fresh one. A tiny fixed layout is enough for an
 * internal store that only this class reads and writes; Avro would need a registered schema for it.
 */
final class ParkedEvent {

    private static final byte VERSION = 2;

    private ParkedEvent() {
    }

    static byte[] encode(InputEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.raw().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes the frame; the value and the profile are left null for the caller to decode from {@code raw} and
     * {@code enrichment().profileRaw()}, the aggregates are as they were when the event was parked.
     */
    static InputEvent decode(byte[] frame) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(frame))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown parked-event layout version " + version);
            }
            String key = in.readBoolean() ? in.readUTF() : null;
            long timestamp = in.readLong();
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] raw = new byte[in.readInt()];
            in.readFully(raw);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

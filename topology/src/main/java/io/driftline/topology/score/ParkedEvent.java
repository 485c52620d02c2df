package io.driftline.topology.score;

import io.driftline.topology.ingest.InputEvent;
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

    private static final byte VERSION = 1;

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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes the frame; the value is left null for the caller to decode from {@code raw}. */
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
            return new InputEvent(key, null, raw, timestamp, topic, partition, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

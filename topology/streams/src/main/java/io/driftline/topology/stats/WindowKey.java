package io.driftline.topology.stats;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.utils.Bytes;

/**
 * What a window's statistics are kept by, in the task stores and the merge store: the model version and the
 * window's start. Encoded as UTF-8 strings and a long, a key only these stores read.
 */
record WindowKey(String model, String version, long windowStart) {

    Bytes toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + model.length() + version.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(model);
            out.writeUTF(version);
            out.writeLong(windowStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bytes.wrap(bytes.toByteArray());
    }

    static WindowKey fromBytes(Bytes key) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(key.get()))) {
            return new WindowKey(in.readUTF(), in.readUTF(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException("not a window key: " + key.get().length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return model + " v" + version + " @" + windowStart;
    }
}

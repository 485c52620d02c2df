package io.driftline.topology.concept;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One detector's signal that a model version's per-event error has risen.
 *
 * @param at        timestamp of the labelled prediction that made the test signal (label time)
 * @param count     labelled predictions the test had seen since it last started
 * @param meanError mean error over those
 * @param statistic the Page-Hinkley statistic when it passed the threshold
 * @param threshold the threshold it passed (lambda)
 * @param partition the join task's partition whose detector signalled
 */
record ConceptSignal(String model, String version, long at, long count, double meanError, double statistic,
                     double threshold, int partition) {

    static Serde<ConceptSignal> serde() {
        return Serdes.serdeFrom((topic, signal) -> signal == null ? null : signal.encode(),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1);
            out.writeUTF(model);
            out.writeUTF(version);
            out.writeLong(at);
            out.writeLong(count);
            out.writeDouble(meanError);
            out.writeDouble(statistic);
            out.writeDouble(threshold);
            out.writeInt(partition);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode a concept drift signal", e);
        }
    }

    private static ConceptSignal decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != 1) {
                throw new SerializationException("unknown concept signal layout version " + version);
            }
            return new ConceptSignal(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readInt());
        } catch (IOException e) {
            throw new SerializationException("cannot decode a concept drift signal", e);
        }
    }
}

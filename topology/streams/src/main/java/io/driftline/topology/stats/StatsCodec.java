package io.driftline.topology.stats;

import io.driftline.models.drift.ChallengerComparison;
import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.PerformanceStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary layout of window statistics in the task store, on the internal partials topic and in the merge
 * store. A compact fixed layout behind a version byte is enough for records that only Driftline writes and reads
 * (as {@code ParkedEvent} and the window aggregates' samples do); Avro would need a registered schema for an
 * internal topic. KLL sketches travel in DataSketches' own compact form.
 */
final class StatsCodec {

    static final byte VERSION = 2;
    /**
     * Layout 1 (before labels) ends window statistics after the predicted labels; 2 adds performance, and since
     * challengers are compared, a trailer: a presence flag, then a shadow's {@link ChallengerComparison#write}.
     * Window statistics are always last in their record, so layout 2 without the trailer (as main wrote it) ends
     * after the performance and reads as no comparison, and a reader without the trailer ignores it: the same
     * version either way (the stores' own layout versions, {@code AccumulatorEntry} and {@code MergeState}, name
     * this one).
     */
    static final byte FIRST_VERSION = 1;
    private static final byte NUMERIC = 0;
    private static final byte CATEGORICAL = 1;

    private StatsCodec() {
    }

    /** Serde of the partials topic. */
    static Serde<WindowPartial> partialSerde() {
        Serializer<WindowPartial> serializer = (topic, partial) -> partial == null ? null : encode(partial);
        Deserializer<WindowPartial> deserializer = (topic, bytes) -> bytes == null ? null : decodePartial(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] encode(WindowStats stats) {
        return write(out -> writeStats(out, stats));
    }

    static WindowStats decodeStats(byte[] bytes) {
        return read(bytes, StatsCodec::readStats);
    }

    static byte[] encode(WindowPartial partial) {
        return write(out -> {
            out.writeInt(partial.sourcePartition());
            out.writeInt(partial.inputPartitions());
            writeStats(out, partial.stats());
        });
    }

    static WindowPartial decodePartial(byte[] bytes) {
        return read(bytes, in -> {
            int source = in.readInt();
            int inputs = in.readInt();
            return new WindowPartial(readStats(in), source, inputs);
        });
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < FIRST_VERSION || version > VERSION) {
                throw new IllegalStateException("unknown window statistics layout version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated window statistics: " + bytes.length + " bytes", e);
        }
    }

    static void writeStats(DataOutputStream out, WindowStats stats) throws IOException {
        out.writeUTF(stats.model());
        out.writeUTF(stats.version());
        out.writeBoolean(stats.shadow());
        out.writeLong(stats.windowStart());
        out.writeLong(stats.windowEnd());
        out.writeLong(stats.events());
        out.writeInt(stats.features().size());
        for (FeatureStats feature : stats.features()) {
            if (feature instanceof NumericStats numeric) {
                out.writeByte(NUMERIC);
                writeNumeric(out, numeric);
            } else {
                out.writeByte(CATEGORICAL);
                writeCategorical(out, (CategoryStats) feature);
            }
        }
        out.writeBoolean(stats.score() != null);
        if (stats.score() != null) {
            writeNumeric(out, stats.score());
        }
        writeCounts(out, stats.labels());
        stats.performance().write(out);
        out.writeBoolean(stats.comparison() != null);
        if (stats.comparison() != null) {
            stats.comparison().write(out);
        }
    }

    static WindowStats readStats(DataInputStream in) throws IOException {
        String model = in.readUTF();
        String version = in.readUTF();
        boolean shadow = in.readBoolean();
        long start = in.readLong();
        long end = in.readLong();
        long events = in.readLong();
        int featureCount = in.readInt();
        List<FeatureStats> features = new ArrayList<>(featureCount);
        for (int i = 0; i < featureCount; i++) {
            byte kind = in.readByte();
            features.add(switch (kind) {
                case NUMERIC -> readNumeric(in);
                case CATEGORICAL -> readCategorical(in);
                default -> throw new IOException("unknown feature kind " + kind);
            });
        }
        NumericStats score = in.readBoolean() ? readNumeric(in) : null;
        Map<String, Long> labels = readCounts(in);
        // Statistics are always last in their record, so bytes of layout 1 end here.
        PerformanceStats performance = in.available() > 0 ? PerformanceStats.read(in) : new PerformanceStats();
        // Layout 2 ends after the performance: a shadow's window from then has no comparison (none was kept).
        ChallengerComparison comparison = in.available() > 0 && in.readBoolean() ? ChallengerComparison.read(in)
                : null;
        return new WindowStats(model, version, shadow, start, end, features, score, labels, events, performance,
                comparison);
    }

    private static void writeNumeric(DataOutputStream out, NumericStats stats) throws IOException {
        out.writeUTF(stats.name());
        out.writeLong(stats.count());
        out.writeLong(stats.missing());
        out.writeDouble(stats.count() == 0 ? 0 : stats.mean());
        out.writeDouble(stats.m2());
        long[] buckets = stats.buckets();
        out.writeInt(buckets.length);
        for (long bucket : buckets) {
            out.writeLong(bucket);
        }
        byte[] sketch = KllSketches.toBytes(stats.sketch());
        out.writeInt(sketch.length);
        out.write(sketch);
    }

    private static NumericStats readNumeric(DataInputStream in) throws IOException {
        String name = in.readUTF();
        long count = in.readLong();
        long missing = in.readLong();
        double mean = in.readDouble();
        double m2 = in.readDouble();
        long[] buckets = new long[in.readInt()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = in.readLong();
        }
        byte[] sketch = new byte[in.readInt()];
        in.readFully(sketch);
        return new NumericStats(name, buckets, KllSketches.fromBytes(sketch), count, missing, mean, m2);
    }

    private static void writeCategorical(DataOutputStream out, CategoryStats stats) throws IOException {
        out.writeUTF(stats.name());
        out.writeLong(stats.missing());
        writeCounts(out, stats.counts());
    }

    private static CategoryStats readCategorical(DataInputStream in) throws IOException {
        String name = in.readUTF();
        long missing = in.readLong();
        return new CategoryStats(name, readCounts(in), missing);
    }

    private static void writeCounts(DataOutputStream out, Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    private static Map<String, Long> readCounts(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            counts.put(in.readUTF(), in.readLong());
        }
        return counts;
    }
}

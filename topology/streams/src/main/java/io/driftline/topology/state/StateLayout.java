package io.driftline.topology.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The versioned layout of the values of one state store, and their serde: every value written starts with one
 * layout version byte, followed by the body the current version's {@link Writer} writes. Reading dispatches on that
 * byte to the {@link Reader} of the version found; a version this build does not know fails with a
 * {@link StateLayoutException} naming the store, the version found and the versions known.
 *
 * <p>Values written before this scheme existed, in a layout without a version byte, are recognised by a
 * {@linkplain Builder#unversioned predicate} the type declares (a length that no versioned value can have, for
 * instance) and read by the old codec, kept as the reader of that layout. See the package documentation for the
 * rule for changing a layout.
 *
 * <p>A null value (a tombstone, or no entry) reads and writes as null.
 *
 * @param <T> the type of the store's values
 */
public final class StateLayout<T> implements Serde<T> {

    /** Writes the body of a value (everything after the version byte). */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    /** Reads the body of a value: the buffer is positioned after the version byte and limited to the value. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ByteBuffer in) throws IOException;
    }

    private final String store;
    private final int current;
    private final Writer<T> writer;
    private final Map<Integer, Reader<T>> readers;
    private final Predicate<byte[]> unversioned;
    private final Reader<T> unversionedReader;
    private final int sizeHint;

    private StateLayout(Builder<T> builder) {
        this.store = builder.store;
        this.current = builder.current;
        this.writer = builder.writer;
        this.readers = Map.copyOf(builder.readers);
        this.unversioned = builder.unversioned;
        this.unversionedReader = builder.unversionedReader;
        this.sizeHint = builder.sizeHint;
    }

    /** A layout for the values of {@code store}; the name is only used in error messages. */
    public static <T> Builder<T> of(String store) {
        return new Builder<>(store);
    }

    /** A data input over the rest of {@code in}, for bodies written with {@link DataOutputStream}. */
    public static DataInputStream data(ByteBuffer in) {
        return new DataInputStream(new ByteArrayInputStream(in.array(), in.arrayOffset() + in.position(),
                in.remaining()));
    }

    /** Writes a nullable string as length-prefixed UTF-8 (-1 for null), as several layouts do. */
    public static void writeString(java.io.DataOutputStream out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads what {@link #writeString} wrote. */
    public static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes nullable bytes, length-prefixed (-1 for null). */
    public static void writeBytes(java.io.DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    /** Reads what {@link #writeBytes} wrote. */
    public static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }

    /** The name of the store whose values this layout describes. */
    public String store() {
        return store;
    }

    /** The version this build writes. */
    public int currentVersion() {
        return current;
    }

    /** The versions this build reads (the unversioned layout, where there is one, is not among them). */
    public SortedSet<Integer> readableVersions() {
        return new TreeSet<>(readers.keySet());
    }

    /** The value in the current layout: version byte then body. */
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(current);
            writer.write(value, out);
        } catch (IOException | RuntimeException e) {
            throw new StateLayoutException("Store " + store + ": cannot write a value in layout version " + current
                    + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** The value these bytes hold, in whichever known layout they were written. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (unversioned != null && unversioned.test(bytes)) {
            return read(unversionedReader, ByteBuffer.wrap(bytes), "unversioned layout", bytes.length);
        }
        if (bytes.length == 0) {
            throw new StateLayoutException("Store " + store + ": empty value, no layout version byte; this build "
                    + "reads layout versions " + readableVersions());
        }
        int version = bytes[0] & 0xFF;
        Reader<T> reader = readers.get(version);
        if (reader == null) {
            throw new StateLayoutException("Store " + store + ": unknown layout version " + version + " (a "
                    + bytes.length + "-byte value); this build reads layout versions " + readableVersions()
                    + " and writes " + current + ": written by a newer Driftline? Run that release or a later one on "
                    + "this state.");
        }
        return read(reader, ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice(), "layout version " + version,
                bytes.length);
    }

    private T read(Reader<T> reader, ByteBuffer body, String layout, int length) {
        try {
            return reader.read(body);
        } catch (StateLayoutException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // underflow, a sketch's own checks, Avro: all a bad value
            throw new StateLayoutException("Store " + store + ": cannot read a " + length + "-byte value in " + layout
                    + ": " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    /** Declares a layout: its current version and writer, and a reader per version it still reads. */
    public static final class Builder<T> {

        private final String store;
        private final Map<Integer, Reader<T>> readers = new TreeMap<>();
        private int current = -1;
        private Writer<T> writer;
        private Predicate<byte[]> unversioned;
        private Reader<T> unversionedReader;
        private int sizeHint = 64;

        private Builder(String store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The version written now, with its writer and its reader. */
        public Builder<T> current(int version, Writer<T> writer, Reader<T> reader) {
            checkVersion(version);
            this.current = version;
            this.writer = Objects.requireNonNull(writer, "writer");
            return reads(version, reader);
        }

        /** An older version still read (kept for at least one release after it stopped being written). */
        public Builder<T> reads(int version, Reader<T> reader) {
            checkVersion(version);
            if (readers.putIfAbsent(version, Objects.requireNonNull(reader, "reader")) != null) {
                throw new IllegalArgumentException("Store " + store + ": layout version " + version
                        + " declared twice");
            }
            return this;
        }

        /**
         * The layout from before the version byte: {@code recognises} must hold for every value that layout wrote
         * and for no value of a versioned layout (the reader is given the whole value, from its first byte).
         */
        public Builder<T> unversioned(Predicate<byte[]> recognises, Reader<T> reader) {
            this.unversioned = Objects.requireNonNull(recognises, "recognises");
            this.unversionedReader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /** The usual size of a value, to size the write buffer. */
        public Builder<T> sizeHint(int bytes) {
            this.sizeHint = Math.max(8, bytes);
            return this;
        }

        public StateLayout<T> build() {
            if (writer == null) {
                throw new IllegalStateException("Store " + store + ": no current layout version declared");
            }
            return new StateLayout<>(this);
        }

        private void checkVersion(int version) {
            if (version < 1 || version > 255) {
                throw new IllegalArgumentException("Store " + store + ": layout version must be >= 1 and <= 255: "
                        + version);
            }
        }
    }
}

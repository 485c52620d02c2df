package io.driftline.app.reference;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro object container files, read with Avro's own {@link DataFileReader} one record at a time: each record is
 * the row as it is, the way serving decodes an event, so field paths walk its nested records and maps. Every path
 * must exist in the file's schema (a typo would otherwise profile a feature as always missing).
 */
final class AvroRowSource implements RowSource {

    private final Path file;
    private final DataFileReader<GenericRecord> reader;
    private final String labelPath;
    private long row;
    private GenericRecord current;

    private AvroRowSource(Path file, DataFileReader<GenericRecord> reader, String labelPath) {
        this.file = file;
        this.reader = reader;
        this.labelPath = labelPath;
    }

    static AvroRowSource open(Path file, ReferenceColumns wanted) throws ReferenceException {
        DataFileReader<GenericRecord> reader;
        try {
            reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>());
        } catch (IOException | AvroRuntimeException e) {
            throw ReferenceException.of(file, "not a readable Avro container file: " + e.getMessage(), e);
        }
        Schema schema = reader.getSchema();
        for (String field : wanted.fields()) {
            check(file, schema, field, "field", reader);
        }
        if (wanted.label() != null) {
            check(file, schema, wanted.label(), "label column", reader);
        }
        return new AvroRowSource(file, reader, wanted.label());
    }

    private static void check(Path file, Schema schema, String path, String what, DataFileReader<?> reader)
            throws ReferenceException {
        Schema current = schema;
        for (String segment : path.split("\\.", -1)) {
            current = nonNull(current);
            if (current.getType() == Schema.Type.MAP) {
                return; // map keys are data, not schema: a missing key is a missing value, as in serving
            }
            Schema.Field field = current.getType() == Schema.Type.RECORD ? current.getField(segment) : null;
            if (field == null) {
                closeQuietly(reader);
                throw ReferenceException.of(file, "its schema " + schema.getFullName() + " has no " + what + " '" + path
                        + "' (no field '" + segment + "' in " + current + ")");
            }
            current = field.schema();
        }
    }

    @Override
    public boolean next() throws ReferenceException {
        try {
            if (!reader.hasNext()) {
                return false;
            }
            current = reader.next(); // a new record each time: rows are held until their batch is scored
            row++;
            return true;
        } catch (AvroRuntimeException e) {
            throw ReferenceException.of(file, "reading after row " + row + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public GenericRecord view() {
        return current;
    }

    @Override
    public Object label() {
        if (labelPath == null) {
            return null;
        }
        Object value = current;
        for (String segment : labelPath.split("\\.", -1)) {
            if (value instanceof GenericRecord record) {
                value = record.hasField(segment) ? record.get(segment) : null;
            } else if (value instanceof java.util.Map<?, ?> map) {
                value = map.get(new org.apache.avro.util.Utf8(segment));
            } else {
                return null;
            }
        }
        return value;
    }

    @Override
    public long row() {
        return row;
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static void closeQuietly(DataFileReader<?> reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // read only
        }
    }
}

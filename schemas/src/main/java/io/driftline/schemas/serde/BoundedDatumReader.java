package io.driftline.schemas.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.ResolvingDecoder;

/**
 * A generic datum reader that refuses values nested deeper than {@link #MAX_DEPTH} records, arrays and maps.
 *
 * <p>Why: Avro reads a value by recursion, one set of stack frames per level, and a recursive schema (a linked
 * list, a tree) lets a single small payload nest as deep as its bytes allow: 200 KB of a list node is 200,000
 * levels and a StackOverflowError, which kills the thread that decodes it. Bounding the depth turns that into an
 * ordinary {@link LimitExceededException}, and also bounds every later walk of the decoded value (encoding it
 * again, {@code toString}, {@code equals}), which recurses alike. Avro 1.12.2 already bounds what a declared
 * collection length may preallocate, so depth is the one unbounded dimension left.
 *
 * <p>The depth is counted per thread, because one reader per schema id serves every stream thread.
 */
final class BoundedDatumReader<D> extends GenericDatumReader<D> {

    /**
     * Deepest nesting of records, arrays and maps read (the top-level record is 1). Event schemas nest a handful
     * of levels; 64 leaves room for real trees while keeping the decoder's stack far below a thread's default.
     */
    static final int MAX_DEPTH = 64;

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    BoundedDatumReader(Schema writer, Schema reader, GenericData data) {
        super(writer, reader, withoutFastReader(data));
    }

    /**
     * Avro's fast reader (on by default) builds its own tree of readers and never calls {@link #read(Object, Schema,
     * ResolvingDecoder)}, so the bound would not apply; this costs some decoding speed, which safety is worth here.
     */
    private static GenericData withoutFastReader(GenericData data) {
        GenericData copy = new GenericData(data.getClassLoader());
        data.getConversions().forEach(copy::addLogicalTypeConversion);
        copy.setFastReaderEnabled(false);
        return copy;
    }

    /**
     * True when values of {@code schema} can nest deeper than {@link #MAX_DEPTH}: the schema is recursive (a named
     * type inside itself) or its records, arrays and maps nest deeper than that as written. Any other schema bounds
     * the depth of its values itself, and is read by Avro's ordinary (fast) reader.
     */
    static boolean needed(Schema schema) {
        return depth(schema, new java.util.HashSet<>(), 0) > MAX_DEPTH;
    }

    /** The deepest nesting under {@code schema}; more than the bound when a named type is on its own path. */
    private static int depth(Schema schema, java.util.Set<String> path, int level) {
        if (level > MAX_DEPTH) {
            return level;
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (!path.add(schema.getFullName())) {
                    return MAX_DEPTH + 1; // recursive
                }
                int deepest = level + 1;
                for (Schema.Field field : schema.getFields()) {
                    deepest = Math.max(deepest, depth(field.schema(), path, level + 1));
                }
                path.remove(schema.getFullName());
                return deepest;
            }
            case ARRAY -> {
                return depth(schema.getElementType(), path, level + 1);
            }
            case MAP -> {
                return depth(schema.getValueType(), path, level + 1);
            }
            case UNION -> {
                int deepest = level;
                for (Schema branch : schema.getTypes()) {
                    deepest = Math.max(deepest, depth(branch, path, level));
                }
                return deepest;
            }
            default -> {
                return level;
            }
        }
    }

    @Override
    protected Object read(Object old, Schema expected, ResolvingDecoder in) throws IOException {
        Schema.Type type = expected.getType();
        if (type != Schema.Type.RECORD && type != Schema.Type.ARRAY && type != Schema.Type.MAP) {
            return super.read(old, expected, in);
        }
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_DEPTH) {
            throw new LimitExceededException("Avro value nests deeper than " + MAX_DEPTH
                    + " records, arrays and maps (schema " + expected.getFullName() + "): a recursive schema?");
        }
        depth[0]++;
        try {
            return super.read(old, expected, in);
        } finally {
            depth[0]--;
        }
    }
}

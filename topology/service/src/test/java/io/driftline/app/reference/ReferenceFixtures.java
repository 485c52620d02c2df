package io.driftline.app.reference;

import io.driftline.FeatureProfile;
import io.driftline.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** The user model's events written as the files a user would bring, and profiles compared without sketch bytes. */
public final class ReferenceFixtures {

    private ReferenceFixtures() {
    }

    /** A CSV with a header; the nested age is a flat column named by its path, missing values are empty cells. */
    public static Path csv(List<GenericRecord> events, Path file) throws IOException {
        StringBuilder out = new StringBuilder("id,x,details.age,segment,income,y\n");
        for (GenericRecord e : events) {
            GenericRecord details = (GenericRecord) e.get("details");
            out.append(e.get("id")).append(',').append(cell(e.get("x"))).append(',')
                    .append(cell(details == null ? null : details.get("age"))).append(',')
                    .append(cell(e.get("segment"))).append(',').append(cell(e.get("income"))).append(',')
                    .append(cell(e.get("y"))).append('\n');
        }
        Files.writeString(file, out);
        return file;
    }

    /** Parquet written by DuckDB from the CSV, the age nested in a struct column {@code details}. */
    public static Path parquet(List<GenericRecord> events, Path file) throws IOException, SQLException {
        Path csv = csv(events, file.resolveSibling(file.getFileName() + ".csv"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT id, x, CASE WHEN \"details.age\" IS NULL THEN NULL ELSE {'age': \"details.age\"}"
                    + " END AS details, segment, income, y FROM read_csv('" + csv
                    + "', types = {'segment': 'VARCHAR', 'y': 'VARCHAR'})) TO '" + file
                    + "' (FORMAT parquet)");
        }
        return file;
    }

    /** One JSON object a line, the age nested, missing values null or left out. */
    public static Path jsonl(List<GenericRecord> events, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (GenericRecord e : events) {
            GenericRecord details = (GenericRecord) e.get("details");
            out.append("{\"id\":\"").append(e.get("id")).append('"');
            out.append(",\"x\":").append(json(e.get("x")));
            if (details != null) {
                out.append(",\"details\":{\"age\":").append(json(details.get("age"))).append('}');
            }
            if (e.get("segment") != null) {
                out.append(",\"segment\":").append(json(e.get("segment")));
            }
            out.append(",\"income\":").append(json(e.get("income"))).append(",\"y\":").append(json(e.get("y")))
                    .append("}\n");
        }
        Files.writeString(file, out);
        return file;
    }

    /** An Avro container file of the events as they are. */
    public static Path avro(List<GenericRecord> events, Path file) throws IOException {
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(UserModel.EVENT))) {
            writer.create(UserModel.EVENT, file.toFile());
            for (GenericRecord e : events) {
                writer.append(e);
            }
        }
        return file;
    }

    /** The profile with its sketches left out (KLL compaction is random past a few hundred values), their sizes kept. */
    public static ReferenceProfile withoutSketchBytes(ReferenceProfile profile) {
        ReferenceProfile copy = ReferenceProfile.newBuilder(profile).build();
        copy.getFeatures().forEach(ReferenceFixtures::strip);
        if (copy.getPrediction() != null) {
            strip(copy.getPrediction());
        }
        return copy;
    }

    private static void strip(FeatureProfile feature) {
        if (feature.getKllSketch() != null) {
            long n = io.driftline.models.drift.KllSketches.fromBytes(feature.getKllSketch()).getN();
            feature.setKllSketch(java.nio.ByteBuffer.wrap(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static String cell(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence ? "\"" + value + "\"" : value.toString();
    }
}

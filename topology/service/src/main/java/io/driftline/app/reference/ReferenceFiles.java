package io.driftline.app.reference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a reference file with the reader its name calls for. */
final class ReferenceFiles {

    static final String FORMATS = ".csv (also .csv.gz, .tsv), .parquet, .jsonl (also .ndjson, .json: one object a line), .avro";

    private ReferenceFiles() {
    }

    static RowSource open(Path file, ReferenceColumns columns) throws ReferenceException {
        if (!Files.isRegularFile(file)) {
            throw ReferenceException.of(file, "no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avro")) {
            return AvroRowSource.open(file, columns);
        }
        if (name.endsWith(".parquet")) {
            return SqlRowSource.open(file, SqlRowSource.Format.PARQUET, columns);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")
                || name.endsWith(".jsonl.gz") || name.endsWith(".ndjson.gz")) {
            return SqlRowSource.open(file, SqlRowSource.Format.JSONL, columns);
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv") || name.endsWith(".tsv.gz")) {
            return SqlRowSource.open(file, SqlRowSource.Format.CSV, columns);
        }
        throw ReferenceException.of(file, "unknown format; reference files are " + FORMATS);
    }
}

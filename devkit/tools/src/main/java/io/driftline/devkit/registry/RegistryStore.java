package io.driftline.devkit.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftline.schemas.registry.CompatibilityLevel;
import io.driftline.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The development registry's state: schemas by global id, subjects as lists of ids (version n is
 * element n-1), soft-deleted subjects, compatibility levels. Every change is written to the file (if any) before
 * it is acknowledged, by writing a temporary file, forcing it to disk and moving it into place atomically, so a
 * restart keeps every id and a crash leaves the old file or the new one, never half of one.
 *
 * <p>Subject names are limited ({@value #MAX_SUBJECT_LENGTH} characters, no control characters) so that the file
 * stays readable: Jackson refuses field names over 50,000 characters by default, and a 100 KB subject once made the
 * registry unable to read its own file. The file is read with limits well above anything this store writes.
 */
final class RegistryStore {

    /** Longest subject name accepted, in characters: room for TopicRecordNameStrategy's topic-namespace.Record. */
    static final int MAX_SUBJECT_LENGTH = 1024;
    /** Confluent's error code for an invalid subject name. */
    static final int INVALID_SUBJECT = 42208;
    /** Confluent's error code for a permanent delete of a subject that was not soft-deleted first. */
    static final int SUBJECT_NOT_SOFT_DELETED = 40405;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            // Far above what this store writes (subjects <= 1,024 chars, bodies <= 1 MiB), so it reads any file it wrote.
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(10_000_000)
                    .maxStringLength(200_000_000).maxNestingDepth(10_000).build())
            .build()).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private State state;

    /** What is persisted. Plain fields for Jackson. */
    static final class State {
        public int nextId = 1;
        public String compatibility = CompatibilityLevel.BACKWARD.name();
        public Map<String, String> subjectCompatibility = new TreeMap<>();
        public Map<Integer, String> schemas = new TreeMap<>();
        public Map<String, List<Integer>> subjects = new TreeMap<>();
        /** Soft-deleted subjects: their ids stay readable until a permanent delete frees them. */
        public Map<String, List<Integer>> deletedSubjects = new TreeMap<>();
    }

    /** A version of a subject. */
    record Version(String subject, int version, int id, String schema) {
    }

    RegistryStore(Path file) {
        this.file = file;
        this.state = load(file);
    }

    synchronized int register(String subject, String schemaText) {
        checkSubject(subject);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        List<Integer> versions = state.subjects.getOrDefault(subject, List.of());
        for (int id : versions) {
            if (state.schemas.get(id).equals(canonical)) {
                return id;
            }
        }
        List<String> problems = incompatibilities(subject, schema, versions);
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (" + level(subject) + "): " + String.join("; ", problems));
        }
        int id = idOf(canonical);
        boolean newId = id < 0;
        if (newId) {
            id = state.nextId;
        }
        State next = copy();
        if (newId) {
            next.schemas.put(id, canonical);
            next.nextId = id + 1;
        }
        next.subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        commit(next);
        return id;
    }

    synchronized String schema(int id) {
        String schema = state.schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    synchronized List<Version> usages(int id) {
        schema(id);
        List<Version> out = new ArrayList<>();
        state.subjects.forEach((subject, ids) -> {
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) == id) {
                    out.add(new Version(subject, i + 1, id, state.schemas.get(id)));
                }
            }
        });
        return out;
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(state.subjects.keySet());
    }

    synchronized List<Integer> versions(String subject) {
        List<Integer> ids = subjectIds(subject);
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            out.add(i);
        }
        return out;
    }

    /** A version by number or "latest" (or -1). */
    synchronized Version version(String subject, String spec) {
        List<Integer> ids = subjectIds(subject);
        int version;
        if ("latest".equals(spec) || "-1".equals(spec)) {
            version = ids.size();
        } else {
            try {
                version = Integer.parseInt(spec);
            } catch (NumberFormatException e) {
                throw invalidVersion(spec);
            }
            if (version < 1) {
                throw invalidVersion(spec);
            }
        }
        if (version > ids.size()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                    "Version " + spec + " not found for subject " + subject);
        }
        int id = ids.get(version - 1);
        return new Version(subject, version, id, state.schemas.get(id));
    }

    synchronized Version lookup(String subject, String schemaText) {
        String canonical = parse(schemaText).toString();
        List<Integer> ids = subjectIds(subject);
        for (int i = 0; i < ids.size(); i++) {
            if (state.schemas.get(ids.get(i)).equals(canonical)) {
                return new Version(subject, i + 1, ids.get(i), canonical);
            }
        }
        throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema not found under subject " + subject);
    }

    /** Reasons the schema could not be registered (empty when it could), against one version or all. */
    synchronized List<String> checkCompatibility(String subject, String schemaText, String versionSpec) {
        Schema schema = parse(schemaText);
        List<Integer> ids = versionSpec == null ? state.subjects.getOrDefault(subject, List.of())
                : List.of(version(subject, versionSpec).id());
        if (versionSpec == null) {
            return incompatibilities(subject, schema, ids);
        }
        return check(level(subject), schema, ids);
    }

    /** Soft delete: the subject is gone from every listing, its schemas stay readable by id. */
    synchronized List<Integer> deleteSubject(String subject) {
        List<Integer> versions = versions(subject);
        State next = copy();
        List<Integer> ids = next.subjects.remove(subject);
        next.deletedSubjects.computeIfAbsent(subject, s -> new ArrayList<>()).addAll(ids);
        next.subjectCompatibility.remove(subject);
        commit(next);
        return versions;
    }

    /**
     * Permanent delete of a soft-deleted subject: frees it, and every schema no other subject (live or soft-deleted)
     * uses. Ids are never reused: the next id only grows.
     */
    synchronized List<Integer> deleteSubjectPermanently(String subject) {
        if (state.subjects.containsKey(subject)) {
            throw new SchemaRegistryException(404, SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                    + "' was not deleted first before being permanently deleted");
        }
        List<Integer> ids = state.deletedSubjects.get(subject);
        if (ids == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        State next = copy();
        next.deletedSubjects.remove(subject);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        next.subjects.values().forEach(used::addAll);
        next.deletedSubjects.values().forEach(used::addAll);
        next.schemas.keySet().retainAll(used);
        commit(next);
        List<Integer> versions = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            versions.add(i);
        }
        return versions;
    }

    synchronized CompatibilityLevel level(String subject) {
        String level = subject == null ? null : state.subjectCompatibility.get(subject);
        return CompatibilityLevel.parse(level != null ? level : state.compatibility);
    }

    /** The level set on the subject itself, or null. */
    synchronized CompatibilityLevel subjectLevel(String subject) {
        String level = state.subjectCompatibility.get(subject);
        return level == null ? null : CompatibilityLevel.parse(level);
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        if (subject != null) {
            checkSubject(subject);
        }
        State next = copy();
        if (subject == null) {
            next.compatibility = level.name();
        } else {
            next.subjectCompatibility.put(subject, level.name());
        }
        commit(next);
    }

    synchronized void clearLevel(String subject) {
        State next = copy();
        next.subjectCompatibility.remove(subject);
        commit(next);
    }

    private List<String> incompatibilities(String subject, Schema schema, List<Integer> ids) {
        CompatibilityLevel level = level(subject);
        if (ids.isEmpty() || level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<Integer> against = level.isTransitive() ? ids : List.of(ids.get(ids.size() - 1));
        return check(level, schema, against);
    }

    private List<String> check(CompatibilityLevel level, Schema schema, List<Integer> against) {
        List<String> problems = new ArrayList<>();
        for (int id : against) {
            Schema earlier = new Schema.Parser().parse(state.schemas.get(id));
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(schema, earlier), "new schema cannot read schema " + id, problems);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier, schema), "schema " + id + " cannot read the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            List<String> reasons = new ArrayList<>();
            for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
                reasons.add(incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                        + incompatibility.getMessage());
            }
            problems.add(what + " (" + String.join(", ", reasons) + ")");
        }
    }

    private int idOf(String canonical) {
        for (Map.Entry<Integer, String> e : state.schemas.entrySet()) {
            if (e.getValue().equals(canonical)) {
                return e.getKey();
            }
        }
        return -1;
    }

    private List<Integer> subjectIds(String subject) {
        List<Integer> ids = state.subjects.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return ids;
    }

    private static SchemaRegistryException invalidVersion(String spec) {
        return new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION,
                "The specified version '" + spec + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    /** Refuses names that could not be stored and read back: too long, or with control characters. */
    static void checkSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new SchemaRegistryException(422, INVALID_SUBJECT, "Subject name must have 1 to " + MAX_SUBJECT_LENGTH
                    + " characters, got " + (subject == null ? 0 : subject.length()));
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                throw new SchemaRegistryException(422, INVALID_SUBJECT,
                        "Subject name must not contain control characters (at index " + i + ")");
            }
        }
    }

    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // SchemaParseException, but also AvroTypeException (a bad default), AvroRuntimeException (a duplicate
            // field), NullPointerException, IllegalArgumentException: all are the client's schema, not our failure.
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: " + e.getMessage());
        }
    }

    private State copy() {
        State copy = new State();
        copy.nextId = state.nextId;
        copy.compatibility = state.compatibility;
        copy.subjectCompatibility = new TreeMap<>(state.subjectCompatibility);
        copy.schemas = new TreeMap<>(state.schemas);
        Map<String, List<Integer>> subjects = new TreeMap<>();
        state.subjects.forEach((s, ids) -> subjects.put(s, new ArrayList<>(ids)));
        copy.subjects = subjects;
        Map<String, List<Integer>> deleted = new TreeMap<>();
        state.deletedSubjects.forEach((s, ids) -> deleted.put(s, new ArrayList<>(ids)));
        copy.deletedSubjects = deleted;
        return copy;
    }

    /** Persists, then makes visible: a failed write leaves the registry as it was. */
    private void commit(State next) {
        if (file != null) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(next)));
                    channel.force(true); // on disk before the move makes it the file
                } catch (IOException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new SchemaRegistryException(500, 50001, "Error while storing the schema: " + e.getMessage());
            }
        }
        state = next;
    }

    private static State load(Path file) {
        if (file == null || !Files.exists(file)) {
            return new State();
        }
        try {
            return JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema registry file " + file + ": " + e.getMessage(), e);
        }
    }
}

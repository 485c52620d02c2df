package io.driftline.models.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.driftline.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema of a manifest file ({@value #RESOURCE}, draft 2020-12): what {@code driftline model publish}
 * checks every {@code --manifest} against before it reads anything else, and what editors can check a manifest
 * with. It mirrors ModelManifest.avsc field for field (a test fails when the two disagree) and adds the simple
 * constraints of {@link BundleBuilder#build()} that a schema can state (at least one feature, Kafka topic names,
 * field paths, a vocabulary for categorical features).
 *
 * <p>Errors name the JSON path as {@link ManifestJson} does: {@code features[1].type: does not have a value in the
 * enumeration ["NUMERIC", "CATEGORICAL"]}.
 */
public final class ManifestSchema {

    /** Class-path resource of the schema. */
    public static final String RESOURCE = "/io/driftline/models/bundle/manifest.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Schema SCHEMA = load();

    private ManifestSchema() {
    }

    /** The schema document as JSON. */
    public static JsonNode document() {
        return SCHEMA.getSchemaNode().deepCopy();
    }

    /**
     * Every way {@code json} breaks the schema, each as {@code path: message}; empty when it conforms.
     *
     * @throws IllegalArgumentException when the text is not JSON at all
     */
    public static List<String> errors(String json) {
        List<Error> errors = SCHEMA.validate(ManifestJson.tree(json));
        List<String> out = new ArrayList<>();
        for (Error error : errors) {
            if (!isNullBranchOfAFailedUnion(error, errors)) {
                out.add(describe(error));
            }
        }
        return out;
    }

    /**
     * Checks a manifest file against the schema, then parses it with {@link ManifestJson}.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the file and every field that breaks the schema
     */
    public static ModelManifest read(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> errors;
        try {
            errors = errors(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(file + " does not match the manifest schema:\n  "
                    + String.join("\n  ", errors));
        }
        try {
            return ManifestJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A nullable field that holds a bad value fails both branches of its {@code anyOf}: "null expected" says
     * nothing when the other branch's error, at the same place or deeper, says what is wrong.
     */
    private static boolean isNullBranchOfAFailedUnion(Error error, List<Error> all) {
        if (!"type".equals(error.getKeyword()) || !error.getMessage().endsWith("null expected")) {
            return false;
        }
        String path = path(error.getInstanceLocation());
        return all.stream().anyMatch(other -> other != error && path(other.getInstanceLocation()).startsWith(path));
    }

    /** {@code features[1].type: <the validator's message without its own location prefix>}. */
    private static String describe(Error error) {
        String path = path(error.getInstanceLocation());
        String property = error.getProperty();
        if (("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))
                && property != null) {
            // Name the missing field itself, not the object that lacks it.
            path = path.isEmpty() ? property : path + "." + property;
        }
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return (path.isEmpty() ? "top level" : path) + ": " + message;
    }

    private static String path(NodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Number index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }

    private static Schema load() {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("manifest schema " + RESOURCE + " is not on the class path");
            }
            JsonNode document = MAPPER.readTree(in);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest schema " + RESOURCE, e);
        }
    }
}

package io.driftline.models.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftline.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link ModelManifest} as plain, hand-writable JSON: field names as in ModelManifest.avsc, enums as strings,
 * nullable and defaulted fields optional. For example:
 *
 * <pre>{@code
 * {
 *   "inputName": "input",
 *   "features": [
 *     {"name": "amount", "field": "amount"},
 *     {"name": "category", "field": "merchant.category", "type": "CATEGORICAL", "vocabulary": ["food", "travel"]}
 *   ],
 *   "output": {"kind": "BINARY", "classLabels": ["legit", "fraud"], "positiveClass": "fraud"}
 * }
 * }</pre>
 *
 * <p>Errors name the JSON path and the bad value: {@code features[1].type: unknown value 'NUMBER', expected one of
 * [NUMERIC, CATEGORICAL]}. Parsing checks the shape only; {@link BundleBuilder#build()} checks the meaning.
 */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ManifestJson() {
    }

    /**
     * Parses a manifest from JSON text.
     *
     * @throws IllegalArgumentException for malformed JSON, unknown fields or enum values, missing required fields
     */
    public static ModelManifest parse(String json) {
        JsonNode tree = tree(json);
        try {
            return (ModelManifest) new PlainJsonReader(MAPPER).read(tree, ModelManifest.getClassSchema(), "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a manifest file.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when its content is not a manifest; the message names the file
     */
    public static ModelManifest read(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JSON tree of a manifest's text, duplicate keys refused (the schema check and the parser read the same).
     *
     * @throws IllegalArgumentException for malformed or empty JSON
     */
    static JsonNode tree(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("manifest is empty");
        }
        return tree;
    }

    /** The manifest as indented JSON, null fields left out. */
    public static String toJson(ModelManifest manifest) {
        try {
            return MAPPER.writeValueAsString(PlainJsonWriter.write(manifest, ModelManifest.getClassSchema()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write manifest JSON", e); // a tree always serialises
        }
    }

    /** Writes the manifest to a file as indented JSON. */
    public static void write(ModelManifest manifest, Path file) throws IOException {
        Files.writeString(file, toJson(manifest));
    }
}

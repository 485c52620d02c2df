package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftline.ModelManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The manifest's JSON Schema and ModelManifest.avsc describe the same document: every Avro field is a property
 * (and every property an Avro field), required exactly when it has no Avro default, with the same default; every
 * enum has the same symbols; every nested record and array is nested the same way, named records and enums under
 * their Avro names in {@code $defs}; nullable exactly where Avro has a union with null. Changing one without the
 * other fails here.
 */
class ManifestSchemaAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDescribeExactlyTheAvroManifest() {
        assertThat(disagreements(ModelManifest.getClassSchema(), ManifestSchema.document())).isEmpty();
    }

    @Test
    void shouldNoticeAFieldMissingFromTheJsonSchema() {
        ObjectNode doc = (ObjectNode) ManifestSchema.document();
        ((ObjectNode) doc.at("/$defs/EventFilter/properties")).remove("header");
        assertThat(disagreements(ModelManifest.getClassSchema(), doc))
                .anySatisfy(d -> assertThat(d).contains("filter").contains("header").contains("missing"));
    }

    @Test
    void shouldNoticeAPropertyTheAvroSchemaLacks() {
        ObjectNode doc = (ObjectNode) ManifestSchema.document();
        ((ObjectNode) doc.at("/$defs/OutputSpec/properties")).putObject("threshold").put("type", "number")
                .put("description", "not in Avro");
        assertThat(disagreements(ModelManifest.getClassSchema(), doc))
                .anySatisfy(d -> assertThat(d).contains("output.threshold").contains("not in ModelManifest.avsc"));
    }

    @Test
    void shouldNoticeAnEnumSymbolOrADefaultThatDiffers() {
        ObjectNode doc = (ObjectNode) ManifestSchema.document();
        ((ArrayNode) doc.at("/$defs/MissingPolicy/enum")).add("MEDIAN");
        ((ObjectNode) doc.at("/properties/goldenTolerance")).put("default", 0.001);
        assertThat(disagreements(ModelManifest.getClassSchema(), doc))
                .anySatisfy(d -> assertThat(d).contains("features[].missing").contains("MEDIAN"))
                .anySatisfy(d -> assertThat(d).contains("goldenTolerance").contains("default"));
    }

    @Test
    void shouldNoticeNestingNullabilityAndRequirednessThatDiffer() {
        ObjectNode doc = (ObjectNode) ManifestSchema.document();
        ((ObjectNode) doc.at("/properties/inputName")).put("type", "string");
        ((ArrayNode) doc.at("/$defs/FeatureSpec/required")).add("type");
        ((ObjectNode) doc.at("/$defs/FeatureSpec/properties/vocabulary")).putObject("items").put("type", "number");
        assertThat(disagreements(ModelManifest.getClassSchema(), doc))
                .anySatisfy(d -> assertThat(d).contains("inputName").contains("nullable"))
                .anySatisfy(d -> assertThat(d).contains("features[]").contains("required"))
                .anySatisfy(d -> assertThat(d).contains("features[].vocabulary[]").contains("number"));
    }

    /** Every difference between the Avro record and the JSON Schema document, described with its path. */
    static List<String> disagreements(Schema avro, JsonNode document) {
        Comparison c = new Comparison(document);
        c.compare(avro, document, "");
        c.checkDefs();
        return c.out;
    }

    private static final class Comparison {
        final JsonNode document;
        final List<String> out = new ArrayList<>();
        final Set<String> avroNames = new TreeSet<>();
        final Set<String> referenced = new HashSet<>();

        Comparison(JsonNode document) {
            this.document = document;
        }

        void compare(Schema avro, JsonNode json, String path) {
            if (avro.getType() == Schema.Type.UNION) {
                List<Schema> others = avro.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
                JsonNode nonNull = nonNullBranch(json);
                if (nonNull == null) {
                    out.add(at(path) + ": nullable in ModelManifest.avsc, not nullable in the JSON Schema");
                    return;
                }
                if (others.size() != 1) {
                    out.add(at(path) + ": Avro union of several types is not mapped: " + avro);
                    return;
                }
                compare(others.get(0), nonNull, path);
                return;
            }
            if (nonNullBranch(json) != null && !json.path("type").asText("").equals("null")) {
                out.add(at(path) + ": nullable in the JSON Schema, not in ModelManifest.avsc");
                return;
            }
            JsonNode resolved = resolve(json, avro, path);
            switch (avro.getType()) {
                case RECORD -> compareRecord(avro, resolved, path);
                case ENUM -> {
                    List<String> symbols = new ArrayList<>();
                    resolved.path("enum").forEach(s -> symbols.add(s.asText()));
                    if (!symbols.equals(avro.getEnumSymbols())) {
                        out.add(at(path) + ": enum symbols " + symbols + " in the JSON Schema, "
                                + avro.getEnumSymbols() + " in ModelManifest.avsc");
                    }
                }
                case ARRAY -> {
                    expectType(resolved, "array", path);
                    compare(avro.getElementType(), resolved.path("items"), path + "[]");
                }
                case STRING -> expectType(resolved, "string", path);
                case DOUBLE, FLOAT -> expectType(resolved, "number", path);
                case INT, LONG -> expectType(resolved, "integer", path);
                case BOOLEAN -> expectType(resolved, "boolean", path);
                default -> out.add(at(path) + ": Avro type " + avro.getType() + " is not mapped");
            }
        }

        private void compareRecord(Schema avro, JsonNode json, String path) {
            expectType(json, "object", path);
            if (!json.path("additionalProperties").isBoolean() || json.path("additionalProperties").asBoolean()) {
                out.add(at(path) + ": the JSON Schema must say additionalProperties false (ManifestJson refuses unknown fields)");
            }
            Set<String> properties = new LinkedHashSet<>();
            json.path("properties").fieldNames().forEachRemaining(properties::add);
            Set<String> required = new TreeSet<>();
            json.path("required").forEach(r -> required.add(r.asText()));
            Set<String> avroRequired = new TreeSet<>();
            for (Schema.Field field : avro.getFields()) {
                String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                if (!field.hasDefaultValue()) {
                    avroRequired.add(field.name());
                }
                JsonNode property = json.path("properties").get(field.name());
                if (property == null) {
                    out.add(fieldPath + ": in ModelManifest.avsc, missing from the JSON Schema");
                    continue;
                }
                if (property.path("description").asText("").isBlank()) {
                    out.add(fieldPath + ": no description in the JSON Schema");
                }
                JsonNode avroDefault = field.hasDefaultValue() ? defaultOf(field) : null;
                JsonNode jsonDefault = property.get("default");
                if (!sameValue(avroDefault, jsonDefault)) {
                    out.add(fieldPath + ": default " + jsonDefault + " in the JSON Schema, " + avroDefault
                            + " in ModelManifest.avsc");
                }
                compare(field.schema(), property, fieldPath);
            }
            for (String property : properties) {
                if (avro.getField(property) == null) {
                    out.add((path.isEmpty() ? property : path + "." + property)
                            + ": in the JSON Schema, not in ModelManifest.avsc");
                }
            }
            if (!required.equals(avroRequired)) {
                out.add(at(path) + ": required " + required + " in the JSON Schema, but the fields without a default in "
                        + "ModelManifest.avsc are " + avroRequired);
            }
        }

        /** A named Avro type is a {@code $ref} to {@code #/$defs/<its name>}; anything else stays inline. */
        private JsonNode resolve(JsonNode json, Schema avro, String path) {
            boolean named = avro.getType() == Schema.Type.RECORD || avro.getType() == Schema.Type.ENUM;
            if (named) {
                avroNames.add(avro.getName());
            }
            String ref = json.path("$ref").asText(null);
            if (ref == null) {
                if (named && !path.isEmpty()) { // the document itself is the top-level record
                    out.add(at(path) + ": " + avro.getType() + " " + avro.getName() + " must be a $ref to #/$defs/"
                            + avro.getName());
                }
                return json;
            }
            if (!ref.startsWith("#/$defs/")) {
                out.add(at(path) + ": only local $defs references are mapped: " + ref);
                return json;
            }
            String name = ref.substring("#/$defs/".length());
            referenced.add(name);
            if (named && !name.equals(avro.getName())) {
                out.add(at(path) + ": refers to $defs/" + name + ", the Avro type is " + avro.getName());
            }
            JsonNode target = document.path("$defs").path(name);
            if (target.isMissingNode()) {
                out.add(at(path) + ": $ref " + ref + " names no definition");
            }
            return target;
        }

        /** Every record or enum definition is an Avro named type; the others are refinements of a string. */
        void checkDefs() {
            document.path("$defs").fields().forEachRemaining(def -> {
                JsonNode schema = def.getValue();
                boolean recordOrEnum = schema.path("type").asText("").equals("object") || schema.has("enum");
                if (recordOrEnum && !avroNames.contains(def.getKey())) {
                    out.add("$defs/" + def.getKey() + ": in the JSON Schema, no such type in ModelManifest.avsc");
                } else if (!recordOrEnum && !schema.path("type").asText("").equals("string")) {
                    out.add("$defs/" + def.getKey() + ": a definition that is no Avro type must refine a string");
                }
                if (!referenced.contains(def.getKey())) {
                    out.add("$defs/" + def.getKey() + ": defined but not used where ModelManifest.avsc has it");
                }
            });
        }

        private static JsonNode nonNullBranch(JsonNode json) {
            JsonNode type = json.path("type");
            if (type.isArray()) {
                List<String> types = new ArrayList<>();
                type.forEach(t -> types.add(t.asText()));
                if (types.contains("null") && types.size() == 2) {
                    ObjectNode copy = ((ObjectNode) json).deepCopy();
                    copy.put("type", types.get(types.indexOf("null") == 0 ? 1 : 0));
                    return copy;
                }
                return null;
            }
            JsonNode anyOf = json.path("anyOf");
            if (anyOf.isArray() && anyOf.size() == 2) {
                for (int i = 0; i < 2; i++) {
                    if (anyOf.get(i).path("type").asText("").equals("null") && anyOf.get(i).size() == 1) {
                        return anyOf.get(1 - i);
                    }
                }
            }
            return null;
        }

        private void expectType(JsonNode json, String type, String path) {
            if (!json.path("type").asText("").equals(type)) {
                out.add(at(path) + ": type " + json.path("type") + " in the JSON Schema, " + type
                        + " in ModelManifest.avsc");
            }
        }

        private static JsonNode defaultOf(Schema.Field field) {
            Object value = field.defaultVal();
            return value == JsonProperties.NULL_VALUE ? NullNode.getInstance() : JSON.valueToTree(value);
        }

        private static boolean sameValue(JsonNode a, JsonNode b) {
            if (a == null || b == null) {
                return a == b;
            }
            if (a.isNumber() && b.isNumber()) {
                return a.doubleValue() == b.doubleValue();
            }
            return a.equals(b);
        }

        private static String at(String path) {
            return path.isEmpty() ? "top level" : path;
        }
    }
}

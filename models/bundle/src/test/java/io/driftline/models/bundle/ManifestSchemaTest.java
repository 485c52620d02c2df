package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's JSON Schema: what it accepts, and errors that name the field. */
class ManifestSchemaTest {

    private static final String FEATURES = "\"features\": [{\"name\": \"amount\", \"field\": \"amount\"},"
            + " {\"name\": \"segment\", \"field\": \"profile.segment\", \"type\": \"CATEGORICAL\", \"vocabulary\": [\"a\", \"b\"]}]";

    @Test
    void shouldAcceptAMinimalManifest() {
        assertThat(ManifestSchema.errors("{" + FEATURES + ", \"output\": {}}")).isEmpty();
    }

    @Test
    void shouldNameTheFieldOfAnUnknownEnumValue() {
        String json = "{\"features\": [{\"name\": \"a\", \"field\": \"a\"}, {\"name\": \"b\", \"field\": \"b\","
                + " \"type\": \"NUMBER\"}], \"output\": {}}";
        assertThat(ManifestSchema.errors(json)).singleElement().asString()
                .startsWith("features[1].type: ").contains("NUMERIC").contains("CATEGORICAL");
    }

    @Test
    void shouldNameAMissingRequiredField() {
        String json = "{\"features\": [{\"name\": \"a\"}], \"output\": {}}";
        assertThat(ManifestSchema.errors(json)).singleElement().asString().startsWith("features[0].field: ");
        assertThat(ManifestSchema.errors("{" + FEATURES + "}")).singleElement().asString().startsWith("output: ");
    }

    @Test
    void shouldNameAnUnknownField() {
        String json = "{" + FEATURES + ", \"output\": {\"kind\": \"BINARY\", \"positive\": \"fraud\"}}";
        assertThat(ManifestSchema.errors(json)).singleElement().asString().startsWith("output").contains("positive");
    }

    @Test
    void shouldNameFieldsOfTheWrongType() {
        String json = "{" + FEATURES + ", \"output\": {}, \"goldenTolerance\": \"small\", \"inputTopics\": \"events\"}";
        assertThat(ManifestSchema.errors(json)).hasSize(2)
                .anySatisfy(e -> assertThat(e).startsWith("goldenTolerance: "))
                .anySatisfy(e -> assertThat(e).startsWith("inputTopics: "));
    }

    @Test
    void shouldRequireAVocabularyForACategoricalFeature() {
        String json = "{\"features\": [{\"name\": \"a\", \"field\": \"a\", \"type\": \"CATEGORICAL\"}], \"output\": {}}";
        assertThat(ManifestSchema.errors(json)).singleElement().asString().startsWith("features[0].vocabulary: ");
    }

    @Test
    void shouldRejectBadRoutingValues() {
        String json = "{" + FEATURES + ", \"output\": {}, \"inputTopics\": [\"events\", \"bad topic\"],"
                + " \"filter\": {\"field\": \"country\", \"values\": []}, \"outputTopic\": \"..\"}";
        assertThat(ManifestSchema.errors(json))
                .anySatisfy(e -> assertThat(e).startsWith("inputTopics[1]: "))
                .anySatisfy(e -> assertThat(e).startsWith("filter.values: "))
                .anySatisfy(e -> assertThat(e).startsWith("outputTopic: "))
                .allSatisfy(e -> assertThat(e).doesNotStartWith("top level"));
    }

    @Test
    void shouldRefuseFieldPathsTheBundleWouldRefuse() {
        for (String path : new String[] {"", ".a", "a.", "a..b", " a"}) {
            String json = "{\"features\": [{\"name\": \"x\", \"field\": \"" + path + "\"}], \"output\": {}}";
            assertThat(ManifestSchema.errors(json)).as(path).singleElement().asString().startsWith("features[0].field: ");
        }
        assertThat(ManifestSchema.errors("{\"features\": [{\"name\": \"x\", \"field\": \"profile.age\"}], \"output\": {}}"))
                .isEmpty();
    }

    @Test
    void shouldNameTheFileAndEveryErrorWhenReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, "{\"features\": [{\"name\": \"a\", \"field\": \"a\", \"type\": \"NUMBER\"}],"
                + " \"output\": {\"kind\": \"BINARYY\"}}");
        assertThatThrownBy(() -> ManifestSchema.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("features[0].type: ").hasMessageContaining("output.kind: ");
        Files.writeString(file, "{" + FEATURES + ", \"output\": {\"kind\": \"MULTICLASS\"}}");
        assertThat(ManifestSchema.read(file).getFeatures()).hasSize(2);
    }
}

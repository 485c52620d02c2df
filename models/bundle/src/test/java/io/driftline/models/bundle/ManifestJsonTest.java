package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestJsonTest {

    private static final String MINIMAL = """
            {
              "features": [
                {"name": "amount", "field": "amount"},
                {"name": "category", "field": "merchant.category", "type": "CATEGORICAL", "vocabulary": ["food", "travel"]}
              ],
              "output": {"classLabels": ["legit", "fraud"], "positiveClass": "fraud"}
            }
            """;

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripAManifest() throws Exception {
        ModelManifest manifest = Fixtures.manifest();
        manifest.setInputName("input");
        manifest.setEventIdField("transactionId");
        Path file = dir.resolve("manifest.json");

        ManifestJson.write(manifest, file);

        assertThat(ManifestJson.read(file)).isEqualTo(manifest);
        assertThat(Files.readString(file)).contains("\"missing\" : \"REFERENCE_MEAN\"").doesNotContain("null");
    }

    @Test
    void shouldFillOmittedFieldsWithTheSchemaDefaults() {
        ModelManifest manifest = ManifestJson.parse(MINIMAL);

        assertThat(manifest.getInputMode()).isEqualTo(InputMode.TENSOR);
        assertThat(manifest.getInputName()).isNull();
        assertThat(manifest.getGoldenTolerance()).isEqualTo(1e-5);
        assertThat(manifest.getFeatures().get(0).getType()).isEqualTo(FeatureType.NUMERIC);
        assertThat(manifest.getFeatures().get(0).getMissing()).isEqualTo(MissingPolicy.DEFAULT);
        assertThat(manifest.getFeatures().get(0).getDefaultValue()).isZero();
        assertThat(manifest.getFeatures().get(1).getVocabulary()).containsExactly("food", "travel");
        assertThat(manifest.getOutput().getKind()).isEqualTo(OutputKind.BINARY);
        assertThat(manifest.getOutput().getFormat()).isEqualTo(OutputFormat.TENSOR);
        assertThat(manifest.getOutput().getClassLabels()).containsExactly("legit", "fraud");
    }

    @Test
    void shouldRejectAnUnknownEnumValueNamingThePathAndTheChoices() {
        String json = MINIMAL.replace("\"type\": \"CATEGORICAL\"", "\"type\": \"CATEGORY\"");

        assertThatThrownBy(() -> ManifestJson.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid manifest: features[1].type: unknown value 'CATEGORY', expected one of "
                        + "[NUMERIC, CATEGORICAL]");
    }

    @Test
    void shouldRejectAMissingRequiredField() {
        String json = MINIMAL.replace("\"field\": \"amount\"", "\"defaultValue\": 1");

        assertThatThrownBy(() -> ManifestJson.parse(json))
                .hasMessage("invalid manifest: features[0].field: required field is missing");
    }

    @Test
    void shouldRejectAMissingOutput() {
        assertThatThrownBy(() -> ManifestJson.parse("{\"features\": []}"))
                .hasMessage("invalid manifest: output: required field is missing");
    }

    @Test
    void shouldRejectAnUnknownFieldSoThatTyposShow() {
        String json = MINIMAL.replace("\"field\": \"amount\"", "\"field\": \"amount\", \"feild\": \"x\"");

        assertThatThrownBy(() -> ManifestJson.parse(json))
                .hasMessageStartingWith("invalid manifest: features[0].feild: unknown field; known fields: [name, field");
    }

    @Test
    void shouldRejectAValueOfTheWrongType() {
        String json = MINIMAL.replace("\"field\": \"amount\"", "\"field\": \"amount\", \"defaultValue\": \"zero\"");

        assertThatThrownBy(() -> ManifestJson.parse(json))
                .hasMessage("invalid manifest: features[0].defaultValue: expected a number, got \"zero\"");
    }

    @Test
    void shouldRejectMalformedJson() {
        assertThatThrownBy(() -> ManifestJson.parse("{\"features\": ["))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("manifest is not valid JSON");
    }

    @Test
    void shouldNameTheFileInReadErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"features\": [], \"output\": {\"kind\": \"RANKING\"}}");

        assertThatThrownBy(() -> ManifestJson.read(file))
                .hasMessageStartingWith(file + ": invalid manifest: output.kind: unknown value 'RANKING'");
    }
}

package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.InputMode;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifest examples of the README are files in {@code docs/manifests}: each conforms to the JSON Schema, parses
 * with {@link ManifestJson} and builds into a bundle (whose validation checks the meaning), and the README shows
 * each one exactly as the file has it.
 */
class ManifestExamplesTest {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- manifest-example: (docs/manifests/[\\w.-]+\\.json) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldHaveEveryExampleConformBuildAndCoverEachKindOfModel() throws Exception {
        Map<String, ModelManifest> examples = new LinkedHashMap<>();
        for (Path file : exampleFiles()) {
            String json = Files.readString(file);
            assertThat(ManifestSchema.errors(json)).as(file.toString()).isEmpty();
            ModelManifest manifest = ManifestSchema.read(file);
            ModelBundle bundle = BundleBuilder.forModel("example", "1").onnx(new byte[] {8, 7})
                    .manifest(manifest).build();
            assertThat(bundle.manifest()).isEqualTo(manifest);
            examples.put(file.getFileName().toString(), manifest);
        }
        assertThat(examples.get("sklearn-zipmap.json").getOutput().getFormat()).isEqualTo(OutputFormat.ZIPMAP);
        assertThat(examples.get("xgboost-binary.json").getOutput().getKind()).isEqualTo(OutputKind.BINARY);
        assertThat(examples.get("multiclass.json").getOutput().getKind()).isEqualTo(OutputKind.MULTICLASS);
        assertThat(examples.get("regressor.json").getOutput().getKind()).isEqualTo(OutputKind.REGRESSION);
        assertThat(examples.get("per-feature.json").getInputMode()).isEqualTo(InputMode.PER_FEATURE);
        ModelManifest routing = examples.get("routing.json");
        assertThat(routing.getInputTopics()).isNotEmpty();
        assertThat(routing.getFilter()).isNotNull();
        assertThat(routing.getOutputTopic()).isNotNull();
    }

    @Test
    void shouldShowEveryExampleInTheReadmeExactlyAsItsFile() throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            shown.put(m.group(1), m.group(2));
        }
        List<String> files = exampleFiles().stream().map(f -> "docs/manifests/" + f.getFileName()).toList();
        assertThat(shown.keySet()).as("README manifest examples").containsExactlyInAnyOrderElementsOf(files);
        for (String file : files) {
            assertThat(shown.get(file)).as(file + " in README.md").isEqualTo(Files.readString(root().resolve(file)));
        }
    }

    private static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(root().resolve("docs/manifests"))) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(out).as("docs/manifests").isNotEmpty();
            return out;
        }
    }

    /** The repository root: the first directory up from the module that has docs/manifests. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/manifests")) && Files.exists(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new AssertionError("no docs/manifests above " + Path.of("").toAbsolutePath());
    }
}

package io.driftline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the service artifact carries, as {@code mvn package} built it (an IT, so that it runs after the package
 * phase): the jar and the lib/ folder the Dockerfile copies hold no broker, Scala, kafka-tools, Tribuo,
 * development registry or demo code.
 */
class ServiceArtifactIT {

    private static final Path TARGET = Path.of("target");
    private static final List<String> NOT_DEPLOYED = List.of("kafka_2.13", "scala-", "kafka-tools", "kafka-server",
            "kafka-metadata", "kafka-raft", "kafka-storage", "tribuo", "olcut", "driftline-devkit", "driftline-demo");

    @Test
    void shouldShipNoBrokerScalaToolsTrainingLibraryOrDevKitInLib() throws IOException {
        List<String> libs;
        try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
            libs = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(libs).as("the service's runtime libraries").isNotEmpty()
                .anyMatch(name -> name.startsWith("kafka-streams-"))
                .anyMatch(name -> name.startsWith("onnxruntime-"));
        for (String banned : NOT_DEPLOYED) {
            assertThat(libs).as("lib/ carries nothing named %s", banned).noneMatch(name -> name.startsWith(banned));
        }
    }

    @Test
    void shouldHoldNoDevKitClassesAndStartTheServiceCommandLine() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("driftline.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.driftline.app.cli.DriftlineCli");
            List<String> entries = jar.stream().map(e -> e.getName()).toList();
            assertThat(entries).contains("io/driftline/app/DriftlineService.class", "dashboard/index.html")
                    .noneMatch(name -> name.startsWith("io/driftline/devkit/"));
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String banned : NOT_DEPLOYED) {
                assertThat(classPath).as("the manifest Class-Path names nothing like %s", banned)
                        .doesNotContain("lib/" + banned);
            }
        }
    }
}

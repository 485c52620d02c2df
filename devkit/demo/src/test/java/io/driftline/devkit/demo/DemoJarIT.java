package io.driftline.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as {@code ./driftline demo} runs it: {@code java -jar target/driftline-dev.jar}, whose manifest
 * Class-Path is the whole class path, also of the broker's child JVM. The in-process demo tests run on Maven's test
 * class path and cannot see a runtime dependency missing from the manifest (a test-scoped declaration once took
 * jackson-databind off it, and the embedded broker died with ClassNotFoundException).
 */
class DemoJarIT {

    private static final Path JAR = Path.of("target", "driftline-dev.jar");

    @Test
    void shouldNameTheBrokersAndTheServicesLibrariesInTheManifest() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.driftline.devkit.cli.DevCli");
            List<String> classPath = List.of(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
            for (String needed : List.of("driftline-service-", "driftline-devkit-", "kafka_2.13-", "kafka-streams-",
                    "jackson-databind-", "onnxruntime-", "tribuo-core-", "scala-library-")) {
                assertThat(classPath).as("manifest Class-Path names %s", needed)
                        .anyMatch(entry -> entry.startsWith("lib/" + needed));
            }
            for (String entry : classPath) {
                assertThat(JAR.resolveSibling(entry)).as("%s is in target/lib", entry).isRegularFile();
            }
        }
    }

    @Test
    void shouldRunTheDemoFromTheJarWithItsOwnBroker(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("demo.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(java.toString(), "--add-modules=jdk.incubator.foreign",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftline", "-Xmx768m", "-jar", JAR.toString(), "demo",
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "-1", "--data-dir",
                dataDir.resolve("data").toString(), "--rate", "100", "--duration", "10s", "--report-every", "2s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = demo.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            demo.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as(out).isTrue();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("Kafka broker ready at").contains("MODEL fraud now serving v1")
                .containsPattern("Stopped\\. [0-9,]+ events sent, [1-9][0-9,]* predictions read");
    }
}

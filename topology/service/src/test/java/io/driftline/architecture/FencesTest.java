package io.driftline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls between Driftline's parts, checked on every build over the main classes of every module the service
 * is made of (and the dev kit, which this module's tests see). The Maven modules already keep most of these by
 * their dependencies; these rules say them out loud and hold them inside a module too (ONNX in one package).
 */
class FencesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // A test-jar from the local repository (the topology's fixtures) is test code too.
                .withImportOption((Location location) -> !location.contains("-tests.jar"))
                .importPackages("io.driftline");
    }

    @Test
    void shouldKeepOnnxRuntimeInsideScoreOnnx() {
        check(noClasses().that().resideOutsideOfPackage("io.driftline.topology.score.onnx..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime.."));
    }

    @Test
    void shouldKeepTheDriftMathFreeOfKafkaAvroAndTribuo() {
        check(noClasses().that().resideInAPackage("io.driftline.models.drift..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..",
                        "org.tribuo..", "ai.onnxruntime..")
                .orShould().dependOnClassesThat().resideInAPackage("io.driftline")); // the Avro records
    }

    @Test
    void shouldKeepTheDriftMathFreeOfTheRestOfDriftline() {
        check(noClasses().that().resideInAPackage("io.driftline.models.drift..")
                .should().dependOnClassesThat().resideInAnyPackage("io.driftline.models.bundle..",
                        "io.driftline.models.features..", "io.driftline.models.profile..", "io.driftline.schemas..",
                        "io.driftline.topology..", "io.driftline.app..", "io.driftline.devkit.."));
    }

    @Test
    void shouldNeverLetTheTopologyImportTheService() {
        check(noClasses().that().resideInAPackage("io.driftline.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.driftline.app..", "io.driftline.http.."));
    }

    @Test
    void shouldNeverLetTheServiceOrWhatItIsMadeOfImportTheDevKit() {
        check(noClasses().that().resideInAnyPackage("io.driftline.app..", "io.driftline.http..",
                        "io.driftline.topology..", "io.driftline.models..", "io.driftline.schemas..")
                .should().dependOnClassesThat().resideInAPackage("io.driftline.devkit.."));
    }

    @Test
    void shouldKeepTheBundleFormatApartFromKafkaStreamsAndTheTopology() {
        check(noClasses().that().resideInAnyPackage("io.driftline.models.bundle..", "io.driftline.models.features..",
                        "io.driftline.models.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..",
                        "io.driftline.topology..", "io.driftline.app.."));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}

package io.driftline.connectors.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Connect plugin may lean on: the plugin folder carries this module's runtime libraries and the worker
 * supplies the Connect API, Kafka's clients and SLF4J; nothing of the topology, the service or the dev kit may be
 * reached, since none of it is in the folder.
 */
class PluginFencesTest {

    private static JavaClasses plugin;

    @BeforeAll
    static void importPluginClasses() {
        plugin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.driftline.connectors");
    }

    @Test
    void shouldNeverImportTheTopologyTheServiceOrTheDevKit() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.driftline.topology..",
                "io.driftline.app..", "io.driftline.http..", "io.driftline.devkit..", "io.driftline.models..")
                .check(plugin);
    }

    @Test
    void shouldDependOnlyOnWhatThePluginFolderOrTheWorkerProvides() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..",
                "io.driftline.connectors..", "io.driftline.schemas..", "io.driftline", "org.apache.avro..",
                "org.apache.kafka.connect..", "org.apache.kafka.common..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(plugin);
    }
}

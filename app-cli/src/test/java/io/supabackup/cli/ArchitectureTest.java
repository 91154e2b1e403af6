package io.supabackup.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's dependency rules, stated once in code. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/testkit/"))
                .importPackages("io.supabackup");
    }

    @Test
    void theDomainDependsOnNothingButTheJdkAndSlf4j() {
        classes().that().resideInAPackage("io.supabackup.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.supabackup.domain..", "java..", "org.slf4j..")
                .check(production);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        slices().matching("io.supabackup.adapters.(**)").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .check(production);
    }

    @Test
    void nothingDependsOnTheCliButItsJavaApi() {
        noClasses().that().resideOutsideOfPackages("io.supabackup.cli..", "io.supabackup.api..")
                .should().dependOnClassesThat().resideInAPackage("io.supabackup.cli..")
                .check(production);
    }

    @Test
    void theJavaApiStandsBesideTheCommandsNotOnThem() {
        noClasses().that().resideInAPackage("io.supabackup.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.supabackup.cli.command..", "picocli..")
                .check(production);
    }

    @Test
    void productionCodeNeverUsesTheTestkit() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.supabackup.testkit..")
                .check(production);
    }
}

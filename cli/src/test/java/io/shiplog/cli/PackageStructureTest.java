package io.shiplog.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The operator command's packages depend on each other in one direction only: no package cycle among the main classes.
 */
class PackageStructureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shiplog.cli");

    @Test
    void mainPackagesHaveNoCycles() {
        slices().matching("io.shiplog.(**)").should().beFreeOfCycles().check(MAIN);
    }
}

package io.shiplog.auditor;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The drift-auditor's packages: the Spring wiring on top in the service's package, which nothing else imports;
 * the property records at the bottom in {@code config}, which imports nothing else of the service; the domain
 * packages in between, depending downwards only (no package cycle).
 */
class PackageStructureTest {

    private static final String SERVICE = "io.shiplog.auditor";
    private static final String CONFIG = SERVICE + ".config";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVICE);

    @Test
    void mainPackagesHaveNoCycles() {
        slices().matching("io.shiplog.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void wiringClassesLiveInTheServicePackage() {
        classes().that().areAnnotatedWith(Configuration.class).should().resideInAPackage(SERVICE).check(MAIN);
    }

    @Test
    void nothingDependsOnTheWiring() {
        noClasses().that().resideOutsideOfPackage(SERVICE)
                .should().dependOnClassesThat().resideInAPackage(SERVICE).check(MAIN);
    }

    @Test
    void propertyRecordsLiveInTheConfigPackage() {
        classes().that().areAnnotatedWith(ConfigurationProperties.class).should().resideInAPackage(CONFIG).check(MAIN);
    }

    @Test
    void theAuditStoreDependsOnlyOnItsSettings() {
        noClasses().that().resideInAPackage(SERVICE + ".store")
                .should().dependOnClassesThat(resideInAPackage(SERVICE + "..")
                        .and(not(resideInAnyPackage(SERVICE + ".store", CONFIG)))).check(MAIN);
    }

    @Test
    void configDependsOnNothingElseOfTheService() {
        noClasses().that().resideInAPackage(CONFIG)
                .should().dependOnClassesThat(resideInAPackage(SERVICE + "..").and(not(resideInAPackage(CONFIG))))
                .check(MAIN);
    }
}

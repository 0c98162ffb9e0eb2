package io.shiplog.schemas.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
 * The package layout every service keeps, for a service's {@code PackageStructureTest} to extend: the Spring wiring
 * on top in the service's package, which nothing else imports; the property records at the bottom in
 * {@code config}, which imports nothing else of the service; the domain packages in between, depending downwards
 * only (no package cycle).
 */
public abstract class ServicePackageStructure {

    /** The service's root package, e.g. {@code io.shiplog.applier}. */
    protected final String service;
    /** Its property records' package. */
    protected final String config;
    /** The service's main classes. */
    protected final JavaClasses main;

    protected ServicePackageStructure(String servicePackage) {
        this.service = servicePackage;
        this.config = servicePackage + ".config";
        this.main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
    }

    @Test
    void mainPackagesHaveNoCycles() {
        slices().matching("io.shiplog.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void wiringClassesLiveInTheServicePackage() {
        classes().that().areAnnotatedWith(Configuration.class).should().resideInAPackage(service).check(main);
    }

    @Test
    void nothingDependsOnTheWiring() {
        noClasses().that().resideOutsideOfPackage(service)
                .should().dependOnClassesThat().resideInAPackage(service).check(main);
    }

    @Test
    void propertyRecordsLiveInTheConfigPackage() {
        classes().that().areAnnotatedWith(ConfigurationProperties.class).should().resideInAPackage(config).check(main);
    }

    @Test
    void configDependsOnNothingElseOfTheService() {
        noClasses().that().resideInAPackage(config)
                .should().dependOnClassesThat(resideInAPackage(service + "..").and(not(resideInAPackage(config))))
                .check(main);
    }
}

package io.shiplog.auditor;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.shiplog.schemas.testing.ServicePackageStructure;
import org.junit.jupiter.api.Test;

/**
 * The drift-auditor's packages keep the layout of every service (see {@link ServicePackageStructure}), and its audit
 * store stands on its own settings only.
 */
class PackageStructureTest extends ServicePackageStructure {

    PackageStructureTest() {
        super("io.shiplog.auditor");
    }

    @Test
    void theAuditStoreDependsOnlyOnItsSettings() {
        noClasses().that().resideInAPackage(service + ".store")
                .should().dependOnClassesThat(resideInAPackage(service + "..")
                        .and(not(resideInAnyPackage(service + ".store", config)))).check(main);
    }
}

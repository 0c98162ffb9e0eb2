package io.shiplog.gitwriter;

import io.shiplog.schemas.testing.ServicePackageStructure;

/** The git-writer's packages keep the layout of every service (see {@link ServicePackageStructure}). */
class PackageStructureTest extends ServicePackageStructure {

    PackageStructureTest() {
        super("io.shiplog.gitwriter");
    }
}

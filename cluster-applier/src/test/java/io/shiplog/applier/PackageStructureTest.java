package io.shiplog.applier;

import io.shiplog.schemas.testing.ServicePackageStructure;

/** The cluster-applier's packages keep the layout of every service (see {@link ServicePackageStructure}). */
class PackageStructureTest extends ServicePackageStructure {

    PackageStructureTest() {
        super("io.shiplog.applier");
    }
}

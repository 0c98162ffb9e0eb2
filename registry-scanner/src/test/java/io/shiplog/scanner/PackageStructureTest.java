package io.shiplog.scanner;

import io.shiplog.schemas.testing.ServicePackageStructure;

/** The registry-scanner's packages keep the layout of every service (see {@link ServicePackageStructure}). */
class PackageStructureTest extends ServicePackageStructure {

    PackageStructureTest() {
        super("io.shiplog.scanner");
    }
}

package io.shiplog.dev.services;

import io.shiplog.applier.ClusterApplierApplication;
import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.gitwriter.GitWriterApplication;
import io.shiplog.scanner.RegistryScannerApplication;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;

/**
 * One of the four services: its name (also its configuration file name and producer id), its main class for a JVM
 * of its own, and its Spring application for a context in this JVM.
 */
public record Service(String name, Class<?> mainClass, Supplier<SpringApplication> application) {

    public static final Service REGISTRY_SCANNER = new Service(RegistryScannerApplication.SERVICE,
            RegistryScannerApplication.class, RegistryScannerApplication::application);
    public static final Service GIT_WRITER = new Service(GitWriterApplication.SERVICE, GitWriterApplication.class,
            GitWriterApplication::application);
    public static final Service CLUSTER_APPLIER = new Service(ClusterApplierApplication.SERVICE,
            ClusterApplierApplication.class, ClusterApplierApplication::application);
    public static final Service DRIFT_AUDITOR = new Service(DriftAuditorApplication.SERVICE,
            DriftAuditorApplication.class, DriftAuditorApplication::application);

    /** The four, in start order: the scanner first (it receives the registry's notifications), the auditor last. */
    public static List<Service> all() {
        return List.of(REGISTRY_SCANNER, GIT_WRITER, CLUSTER_APPLIER, DRIFT_AUDITOR);
    }

    @Override
    public String toString() {
        return name;
    }
}

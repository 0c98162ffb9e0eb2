package io.shiplog.applier;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the cluster-applier service. */
@SpringBootApplication
public class ClusterApplierApplication {

    /** Name of this service's configuration file ({@code cluster-applier.yml}) and of its producer id. */
    public static final String SERVICE = "cluster-applier";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with this service's defaults, so several services can share one JVM in {@code shiplog dev}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(ClusterApplierApplication.class);
        app.setMainApplicationClass(ClusterApplierApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", SERVICE));
        return app;
    }
}

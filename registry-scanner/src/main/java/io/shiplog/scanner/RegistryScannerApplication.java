package io.shiplog.scanner;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the registry-scanner service. */
@SpringBootApplication
public class RegistryScannerApplication {

    /** Name of this service's configuration file ({@code registry-scanner.yml}) and of its producer id. */
    public static final String SERVICE = "registry-scanner";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with this service's defaults, so several services can share one JVM in {@code shiplog dev}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(RegistryScannerApplication.class);
        app.setMainApplicationClass(RegistryScannerApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", SERVICE));
        return app;
    }
}

package io.shiplog.auditor;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the drift-auditor service. */
@SpringBootApplication
public class DriftAuditorApplication {

    /** Name of this service's configuration file ({@code drift-auditor.yml}) and of its producer id. */
    public static final String SERVICE = "drift-auditor";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with this service's defaults, so several services can share one JVM in {@code shiplog dev}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(DriftAuditorApplication.class);
        app.setMainApplicationClass(DriftAuditorApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", SERVICE));
        return app;
    }
}

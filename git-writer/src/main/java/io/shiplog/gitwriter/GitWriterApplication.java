package io.shiplog.gitwriter;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the git-writer service. */
@SpringBootApplication
public class GitWriterApplication {

    /** Name of this service's configuration file ({@code git-writer.yml}) and of its producer id. */
    public static final String SERVICE = "git-writer";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with this service's defaults, so several services can share one JVM in {@code shiplog dev}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(GitWriterApplication.class);
        app.setMainApplicationClass(GitWriterApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", SERVICE));
        return app;
    }
}

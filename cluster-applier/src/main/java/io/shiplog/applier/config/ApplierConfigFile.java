package io.shiplog.applier.config;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.InvalidFleetException;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.spring.FleetPropertySources;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Reads the applier's configuration the way the service binds it — from the fleet file ({@code shiplog.yaml}: its
 * repositories and clusters as the applier's part of it) or from a cluster-applier YAML file
 * ({@code shiplog.applier.*}): the same properties record and constraints, placeholders such as
 * {@code ${GIT_TOKEN}} resolved from the environment, and environment variables or system properties taking
 * precedence over the file. For tools that act as the applier outside the service
 * ({@code shiplog replay cluster --kubeconfig}).
 */
public final class ApplierConfigFile {

    private static final String PREFIX = "shiplog.applier";

    private ApplierConfigFile() {
    }

    /**
     * The applier configuration in {@code file}, checked by its annotations (not yet by
     * {@link ApplierProperties#validated()}, which also checks every cluster's kubeconfig).
     *
     * @throws IllegalArgumentException naming the file and every problem when it cannot be read or bound
     */
    public static ApplierProperties load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("applier configuration " + file + " is not a readable file");
        }
        StandardEnvironment environment = new StandardEnvironment();
        if (FleetFile.isFleetFile(file)) {
            Fleet fleet;
            try {
                fleet = FleetFile.load(file).orThrow();
            } catch (InvalidFleetException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            Map<String, Object> properties = new HashMap<>(FleetPropertySources.plain(fleet));
            properties.putAll(FleetPropertySources.secrets(fleet));
            environment.getPropertySources().addLast(new MapPropertySource("fleet file " + file, properties));
        } else {
            List<PropertySource<?>> sources;
            try {
                sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("applier configuration " + file + " is not valid YAML: "
                        + e.getMessage(), e);
            }
            sources.forEach(environment.getPropertySources()::addLast);
        }
        try (ValidatorFactory validators = Validation.buildDefaultValidatorFactory()) {
            ValidationBindHandler validation = new ValidationBindHandler(
                    new SpringValidatorAdapter(validators.getValidator()));
            return Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(ApplierProperties.class), validation);
        } catch (BindException e) {
            throw new IllegalArgumentException("applier configuration " + file + " is invalid:\n  - "
                    + String.join("\n  - ", problems(e)), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("applier configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Each problem naming its property (values are not shown: they may be credentials). */
    private static List<String> problems(BindException e) {
        if (e.getCause() instanceof BindValidationException validation) {
            return validation.getValidationErrors().getAllErrors().stream().map(error -> error instanceof FieldError
                    field ? field.getObjectName() + "." + field.getField() + " " + field.getDefaultMessage()
                    : error.getObjectName() + " " + error.getDefaultMessage()).toList();
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return List.of(e.getProperty() != null ? e.getProperty().getName() + ": " + cause.getMessage()
                : e.getMessage() + ": " + cause.getMessage());
    }
}

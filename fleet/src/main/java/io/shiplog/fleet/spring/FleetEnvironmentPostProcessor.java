package io.shiplog.fleet.spring;

import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.read.FleetLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Loads the fleet file named by {@code shiplog.config} ({@code SHIPLOG_CONFIG}) or {@code --config=FILE} once at
 * start-up. A file with problems stops the start with {@link io.shiplog.fleet.InvalidFleetException} (the same
 * problems {@code shiplog config check} prints); a valid one adds its Kafka settings and tuning sections as property
 * sources just below the environment variables (command-line arguments, system properties and the environment
 * override them; they override application.yml files and built-in defaults). Nothing happens when no file is named.
 */
public final class FleetEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Right after application.yml files are read, so {@code shiplog.config} may be set there too. */
    public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

    private final ConfigurableBootstrapContext bootstrapContext;

    public FleetEnvironmentPostProcessor(ConfigurableBootstrapContext bootstrapContext) {
        this.bootstrapContext = bootstrapContext;
    }

    /**
     * The fleet file the environment names, or null: {@code shiplog.config} from any source, else {@code --config}
     * from the command line only (a stray {@code CONFIG} environment variable names nothing).
     */
    static String configuredFile(org.springframework.core.env.Environment environment) {
        String file = environment.getProperty(FleetFile.PROPERTY);
        if ((file == null || file.isBlank()) && environment instanceof ConfigurableEnvironment configurable) {
            PropertySource<?> commandLine = configurable.getPropertySources()
                    .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
            Object value = commandLine == null ? null : commandLine.getProperty("config");
            file = value == null ? null : value.toString();
        }
        return file == null || file.isBlank() ? null : file.strip();
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = configuredFile(environment);
        if (configured == null) {
            return;
        }
        FleetLoad load = FleetLoader.defaults().load(Path.of(configured));
        if (!(load instanceof FleetLoad.Valid valid)) {
            load.orThrow();
            return;
        }
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(FleetPropertySources.NAME);
        refuseDeclarationsElsewhere(valid.fleet(), sources);
        String environmentSource = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        if (sources.contains(environmentSource)) {
            sources.addAfter(environmentSource, FleetPropertySources.source(valid.fleet()));
        } else {
            sources.addLast(FleetPropertySources.source(valid.fleet()));
        }
        StartupFleet startup = new StartupFleet(valid);
        bootstrapContext.register(StartupFleet.class, InstanceSupplier.of(startup));
        bootstrapContext.addCloseListener(event -> event.getApplicationContext().getBeanFactory()
                .registerSingleton(StartupFleet.BEAN_NAME, startup));
    }

    /**
     * With a fleet file, registries, repositories and clusters are declared there only: the same list in a service's
     * own configuration would silently win over or lose to the file.
     */
    private static void refuseDeclarationsElsewhere(io.shiplog.fleet.Fleet fleet, MutablePropertySources sources) {
        List<String> found = new ArrayList<>();
        for (PropertySource<?> source : sources) {
            if (source.getName().equals("configurationProperties")) {
                continue;
            }
            for (ConfigurationPropertySource properties : ConfigurationPropertySources.from(source)) {
                for (String list : ServiceParts.DECLARED_LISTS) {
                    if (properties.containsDescendantOf(ConfigurationPropertyName.of(list))
                            == ConfigurationPropertyState.PRESENT) {
                        found.add(list + " (in " + source.getName() + ")");
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException("fleet file " + fleet.file() + " declares the registries, repositories, "
                    + "clusters and notifications of every service; remove " + String.join(", ", found)
                    + " from the service's own configuration");
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The load made at start-up, handed to the {@code FleetSource} bean so the file is read once. */
    public record StartupFleet(FleetLoad.Valid load) {
        static final String BEAN_NAME = "shiplogStartupFleet";
    }
}

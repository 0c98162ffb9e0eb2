package io.shiplog.fleet.spring;

import io.shiplog.fleet.Fleet;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds a service's {@code @ConfigurationProperties} record again for a newer fleet file, exactly as start-up bound
 * it: the service's environment with the fleet's property source replaced by the new fleet's, placeholders resolved
 * and bean validation applied. A service calls it when the watched file changed and then adds or removes clusters or
 * repositories itself.
 */
public final class FleetRebinder implements AutoCloseable {

    private final ConfigurableEnvironment environment;
    private final ValidatorFactory validators = Validation.buildDefaultValidatorFactory();

    public FleetRebinder(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    /**
     * {@code type} bound at {@code prefix} as it would be with {@code fleet} loaded at start-up.
     *
     * @throws org.springframework.boot.context.properties.bind.BindException when the properties do not bind or
     *                                                                        validate
     */
    public <T> T bind(Fleet fleet, String prefix, Class<T> type) {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().equals(FleetPropertySources.NAME)) {
                sources.addLast(FleetPropertySources.source(fleet));
            } else if (!source.getName().equals("configurationProperties")) {
                sources.addLast(source);
            }
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        BindHandler validation = new ValidationBindHandler(new SpringValidatorAdapter(validators.getValidator()));
        return binder.bindOrCreate(prefix, Bindable.of(type), validation);
    }

    @Override
    public void close() {
        validators.close();
    }
}

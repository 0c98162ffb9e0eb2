package io.shiplog.fleet.spring;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.fleet.watch.FleetWatcher;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * When a fleet file is named ({@code shiplog.config} or {@code --config}): a {@link FleetSource} bean watching it
 * (every {@code shiplog.fleet.watch-interval}, default 2 s; closed with the context), and, with the actuator, a
 * sanitizer that masks the fleet's secret property source in {@code /actuator/env}.
 */
@AutoConfiguration
@Conditional(FleetAutoConfiguration.FleetFileNamed.class)
public class FleetAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FleetAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(FleetSource.class)
    FleetWatcher fleetSource(Environment environment,
                             ObjectProvider<FleetEnvironmentPostProcessor.StartupFleet> startup) {
        FleetEnvironmentPostProcessor.StartupFleet loaded = startup.getIfAvailable();
        FleetLoad.Valid load = loaded != null ? loaded.load() : (FleetLoad.Valid) validLoad(environment);
        Duration interval = environment.getProperty("shiplog.fleet.watch-interval", Duration.class,
                FleetWatcher.DEFAULT_INTERVAL);
        Fleet fleet = load.fleet();
        LOG.info("fleet file {} loaded: {}", Path.of(fleet.file().toString()).toAbsolutePath().normalize(),
                fleet.summary());
        return new FleetWatcher(load, FleetLoader.defaults(), interval);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(FleetRebinder.class)
    FleetRebinder fleetRebinder(Environment environment) {
        return new FleetRebinder((ConfigurableEnvironment) environment);
    }

    private static FleetLoad validLoad(Environment environment) {
        FleetLoad load = FleetLoader.defaults().load(Path.of(FleetEnvironmentPostProcessor.configuredFile(environment)));
        load.orThrow();
        return load;
    }

    /** Masks every value of the fleet's secret property source. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {

        @Bean
        FleetSecretsSanitizer shiplogFleetSecretsSanitizer() {
            return new FleetSecretsSanitizer();
        }
    }

    /** Whether {@code shiplog.config} or {@code config} names a file. */
    static final class FleetFileNamed implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return FleetEnvironmentPostProcessor.configuredFile(context.getEnvironment()) != null;
        }
    }
}

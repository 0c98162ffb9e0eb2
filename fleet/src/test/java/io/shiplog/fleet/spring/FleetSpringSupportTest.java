package io.shiplog.fleet.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.InvalidFleetException;
import io.shiplog.fleet.TestFleets;
import io.shiplog.fleet.testing.ApplierTuning;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

class FleetSpringSupportTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(FleetAutoConfiguration.class)
    static class App {
    }

    private ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("shiplog.fleet.watch-interval", "0s"));
        return application.run(args);
    }

    private Path fleet() throws Exception {
        TestFleets.write(dir.resolve("kafka/jaas"), "kafka-jaas-s3cr3t\n");
        return TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu", "prod-us") + """
                kafka:
                  bootstrapServers: kafka-0:9092
                  schemaRegistry: http://schema-registry:8081
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: ${file:kafka/jaas}
                tuning:
                  applier:
                    maxParallel: 7
                """);
    }

    @Test
    void mapsKafkaAndTuningIntoTheEnvironmentAndProvidesAFleetSource() throws Exception {
        Path file = fleet();
        try (ConfigurableApplicationContext context = run("--shiplog.config=" + file)) {
            var env = context.getEnvironment();
            assertThat(env.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("kafka-0:9092");
            assertThat(env.getProperty("spring.kafka.properties.schema.registry.url"))
                    .isEqualTo("http://schema-registry:8081");
            assertThat(env.getProperty("spring.kafka.properties.security.protocol")).isEqualTo("SASL_SSL");
            assertThat(env.getProperty("spring.kafka.properties.sasl.jaas.config")).isEqualTo("kafka-jaas-s3cr3t");
            assertThat(Binder.get(env).bind("shiplog.applier.tuning", ApplierTuning.class).get().maxParallel())
                    .isEqualTo(7);
            assertThat(((FleetPropertySources.FleetPropertySource) env.getPropertySources()
                    .get(FleetPropertySources.NAME)).isSecret("spring.kafka.properties.sasl.jaas.config")).isTrue();

            FleetSource source = context.getBean(FleetSource.class);
            assertThat(source.path()).isEqualTo(file.toAbsolutePath());
            assertThat(source.current().summary()).isEqualTo("0 registries, 1 repository, 2 clusters");
        }
    }

    @Test
    void commandLineAndEnvironmentStillOverrideTheFleetFile() throws Exception {
        try (ConfigurableApplicationContext context = run("--config=" + fleet(),
                "--spring.kafka.bootstrap-servers=override:9092")) {
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo("override:9092");
            assertThat(context.getBeansOfType(FleetSource.class)).hasSize(1);
            var sources = context.getEnvironment().getPropertySources().stream().map(s -> s.getName()).toList();
            assertThat(sources.indexOf(FleetPropertySources.NAME)).isGreaterThan(sources.indexOf("systemEnvironment"));
        }
    }

    @Test
    void anInvalidFleetFileStopsTheStartWithEveryProblem() throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu", "prod-eu"));
        assertThatThrownBy(() -> run("--shiplog.config=" + file)).isInstanceOf(InvalidFleetException.class)
                .hasMessage("invalid fleet file " + file + ":\n" + file
                        + ":10:11: clusters[1].name: duplicate cluster name (first at clusters[0])");
    }

    @Test
    void withoutAFleetFileNothingIsRegistered() {
        try (ConfigurableApplicationContext context = run()) {
            assertThat(context.getBeansOfType(FleetSource.class)).isEmpty();
            assertThat(context.getEnvironment().getPropertySources().contains(FleetPropertySources.NAME)).isFalse();
        }
    }

    @Test
    void aConfigPropertyFromElsewhereThanTheCommandLineNamesNothing() throws Exception {
        Path file = fleet();
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("config", file.toString()));
        try (ConfigurableApplicationContext context = application.run()) {
            assertThat(context.getBeansOfType(FleetSource.class)).isEmpty();
        }
    }

    @Test
    void theActuatorSanitizerMasksTheSecretPropertySource() {
        var source = new FleetPropertySources.FleetPropertySource(Map.of("a.password", "s3cr3t", "a.url", "u"),
                java.util.Set.of("a.password"));
        var secret = new SanitizableData(source, "a.password", "s3cr3t");
        var plain = new SanitizableData(source, "a.url", "u");
        var other = new SanitizableData(new MapPropertySource("other", Map.of("a.password", "v")), "a.password", "v");
        assertThat(new FleetSecretsSanitizer().apply(secret).getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(new FleetSecretsSanitizer().apply(plain).getValue()).isEqualTo("u");
        assertThat(new FleetSecretsSanitizer().apply(other).getValue()).isEqualTo("v");
    }
}

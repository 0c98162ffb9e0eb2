package io.shiplog.scanner;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.scanner.config.ScannerProperties;
import io.shiplog.scanner.events.ImagesFollower;
import io.shiplog.scanner.events.KafkaChangePublisher;
import io.shiplog.scanner.registry.Credentials;
import io.shiplog.scanner.registry.HostSettings;
import io.shiplog.scanner.registry.RegistryHandler;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.scanner.registry.auth.RegistryLogins;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.scanner.scan.RepositoryScanner;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.scanner.scan.WatchedRepository;
import io.shiplog.scanner.watch.WatchlistFollower;
import io.shiplog.scanner.webhook.WebhookController;
import io.shiplog.scanner.webhook.WebhookVerifier;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.image.ImageRepository;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.tracing.ReleaseTracing;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the scanner: credentials and per-host settings, the registry handler, the state rebuilt from
 * {@code shiplog.images}, the scheduler, the watch-list follower and the webhook.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScannerProperties.class)
public class ScannerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ScannerConfiguration.class);

    /** Every registry's credentials; fetched ones (cloud tokens, helpers) are released on shutdown. */
    @Bean(destroyMethod = "close")
    Credentials registryCredentials(ScannerProperties properties) {
        ScannerProperties checked = properties.validated();
        Duration timeout = checked.tuning().requestTimeout();
        Credentials credentials = new Credentials();
        if (checked.dockerConfig() != null) {
            credentials.addDockerConfig(checked.dockerConfig());
            RegistryLogins.addDockerConfigHelpers(credentials, checked.dockerConfig(), timeout);
        }
        checked.pullSecrets().forEach(credentials::addDockerConfigSecret);
        for (ScannerProperties.Registry registry : checked.registries()) {
            if (registry.dockerConfig() != null) {
                credentials.addDockerConfig(registry.dockerConfig());
                RegistryLogins.addDockerConfigHelpers(credentials, registry.dockerConfig(), timeout);
            }
            if (registry.auth() != null) {
                credentials.putSource(registry.host(), RegistryLogins.forRegistry(registry,
                        baseUrl(registry), timeout));
                LOG.info("registry {} gets its credentials from {}", registry.host(),
                        registry.auth().provider().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (registry.username() != null) {
                credentials.put(registry.host(), new Credentials.Credential(registry.username(), registry.password()));
            }
        }
        return credentials;
    }

    @Bean
    RegistryHandler registryHandler(ScannerProperties properties, Credentials registryCredentials,
                                    MeterRegistry meters) {
        ScannerProperties checked = properties.validated();
        Duration timeout = checked.tuning().requestTimeout();
        Map<String, HostSettings> hosts = new HashMap<>();
        for (ScannerProperties.Registry registry : checked.registries()) {
            hosts.put(apiHost(registry), new HostSettings(baseUrl(registry), registry.pageSize(),
                    registry.concurrency()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        return new RegistryHandler(http, timeout, registryCredentials,
                host -> hosts.computeIfAbsent(host, HostSettings::defaults), meters);
    }

    private static String apiHost(ScannerProperties.Registry registry) {
        return ImageRepository.parse(registry.host() + "/x").apiHost();
    }

    private static URI baseUrl(ScannerProperties.Registry registry) {
        return registry.url() != null ? registry.url() : HostSettings.defaults(apiHost(registry)).baseUrl();
    }

    @Bean
    KnownImages knownImages() {
        return new KnownImages();
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService scannerRequests(ScannerProperties properties) {
        return Executors.newFixedThreadPool(Math.max(8, properties.tuning().scanConcurrency() * 4), threads("scanner-request"));
    }

    @Bean(destroyMethod = "close")
    ScanScheduler scanScheduler(ScannerProperties properties, RegistryHandler handler, KnownImages known,
                                EventSink sink, MetaFactory meta, ExecutorService scannerRequests,
                                MeterRegistry meters) {
        RepositoryScanner scanner = new RepositoryScanner(new RegistryReader(handler), known,
                new KafkaChangePublisher(sink, meta, known), scannerRequests, meters);
        ExecutorService scans = Executors.newFixedThreadPool(properties.tuning().scanConcurrency(), threads("scanner-scan"));
        return new ScanScheduler(scanner, scans, meters);
    }

    @Bean
    WebhookController webhookController(ScannerProperties properties, ScanScheduler scheduler, MeterRegistry meters,
                                        ReleaseTracing tracing) {
        return new WebhookController(new WebhookVerifier(properties.webhook().token(),
                properties.webhook().hmacSecret()), scheduler, properties.webhook().maxBodyBytes(), meters, tracing);
    }

    /** Starts scanning once the state is read from the log: first the hand-configured repositories, then the list. */
    @Bean
    SmartLifecycle scannerLifecycle(ScannerProperties properties, ScanScheduler scheduler, KnownImages known,
                                    KafkaEdge edge, MeterRegistry meters) {
        return new SmartLifecycle() {
            private ImagesFollower images;
            private WatchlistFollower watchlist;
            private volatile boolean running;

            @Override
            public void start() {
                images = new ImagesFollower(edge, known, meters);
                try {
                    images.startAndCatchUp(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading shiplog.images", e);
                }
                for (ScannerProperties.Repository repository : properties.repositories()) {
                    scheduler.watch(new WatchedRepository(ImageRepository.parse(repository.name()),
                            new HashSet<>(repository.trackedTags()), repository.interval() == null
                            ? properties.tuning().defaultInterval() : repository.interval()));
                }
                LOG.info("scanning the image repositories that git-writer's watch list names, plus {} listed in the "
                        + "configuration, on {} registries configured", properties.repositories().size(),
                        properties.registries().size());
                scheduler.start();
                watchlist = new WatchlistFollower(edge, properties.tuning().watchlistGroup(), scheduler,
                        images::catchUp, properties.tuning().defaultInterval(), meters);
                watchlist.start();
                running = true;
            }

            @Override
            public void stop() {
                if (watchlist != null) {
                    watchlist.close();
                }
                if (images != null) {
                    images.close();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

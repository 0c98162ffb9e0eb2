package io.shiplog.fleet.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.FleetChange;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.TestFleets;
import io.shiplog.fleet.read.FleetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FleetWatcherTest {

    @TempDir
    Path dir;

    private final List<FleetChange> changes = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FleetWatcher.class);
    private FleetWatcher watcher;

    @BeforeEach
    void captureLogs() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logged);
        if (watcher != null) {
            watcher.close();
        }
    }

    private FleetWatcher watch(Path file, FleetLoader loader, Duration interval) {
        watcher = new FleetWatcher((FleetLoad.Valid) loader.load(file), loader, interval);
        watcher.subscribe(changes::add);
        return watcher;
    }

    @Test
    void aValidEditReachesListenersWithTheAddedCluster() throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu"));
        watch(file, FleetLoader.defaults(), Duration.ZERO);
        assertThat(watcher.poll()).isFalse();

        Files.writeString(file, TestFleets.small("prod-eu", "prod-us"));
        assertThat(watcher.poll()).isTrue();

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.clustersAdded()).extracting(ClusterSpec::name).containsExactly("prod-us");
            assertThat(change.clustersRemoved()).isEmpty();
            assertThat(change.clustersChanged()).isEmpty();
            assertThat(change.registriesChanged()).isFalse();
        });
        assertThat(watcher.current().clusters()).hasSize(2);
    }

    @Test
    void anInvalidEditIsRefusedAndThePreviousFleetKept() throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu"));
        watch(file, FleetLoader.defaults(), Duration.ZERO);
        var before = watcher.current();

        Files.writeString(file, TestFleets.small("prod-eu", "prod-eu").replace("inCluster: true", "inClster: true"));
        assertThat(watcher.poll()).isFalse();

        assertThat(changes).isEmpty();
        assertThat(watcher.current()).isSameAs(before);
        assertThat(logged.list).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .contains("fleet file " + file + ": edit refused, keeping the running configuration: " + file
                        + ":9:5: clusters[0].inClster: unknown key, did you mean 'inCluster'?")
                .hasSizeGreaterThanOrEqualTo(3);
        int warnings = logged.list.size();
        assertThat(watcher.poll()).isFalse();
        assertThat(logged.list).as("the same bad content is reported once").hasSize(warnings);

        Files.writeString(file, TestFleets.small("prod-eu", "prod-de"));
        assertThat(watcher.poll()).isTrue();
        assertThat(changes).singleElement().extracting(FleetChange::clustersAdded)
                .satisfies(added -> assertThat(added).extracting(ClusterSpec::name).containsExactly("prod-de"));
    }

    @Test
    void followsAConfigMapStyleSymlinkSwap() throws Exception {
        // kubelet: shiplog.yaml -> ..data/shiplog.yaml, ..data -> ..2024_01_01; an update swaps ..data atomically
        Path first = TestFleets.write(dir.resolve("..2024_01_01/shiplog.yaml"), TestFleets.small("prod-eu"));
        Files.createSymbolicLink(dir.resolve("..data"), first.getParent().getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("shiplog.yaml"), Path.of("..data/shiplog.yaml"));
        watch(file, FleetLoader.defaults(), Duration.ofMillis(50));

        Path second = TestFleets.write(dir.resolve("..2024_01_02/shiplog.yaml"),
                TestFleets.small("prod-eu", "prod-us", "prod-ap"));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getParent().getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(10)).until(() -> !changes.isEmpty());
        assertThat(changes.get(0).clustersAdded()).extracting(ClusterSpec::name).containsExactly("prod-us", "prod-ap");
        assertThat(watcher.current().clusters()).hasSize(3);
    }

    @Test
    void aChangedReferencedFileIsANewFleet() throws Exception {
        Path token = TestFleets.write(dir.resolve("secrets/token"), "first-token\n");
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu")
                .replace("    url: https://git.example.com/platform/fleet.git\n",
                        "    url: https://git.example.com/platform/fleet.git\n    auth:\n      token: ${file:secrets/token}\n"));
        watch(file, FleetLoader.defaults(), Duration.ZERO);

        Files.writeString(token, "rotated-token\n");
        assertThat(watcher.poll()).isTrue();

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.repositoriesChanged()).extracting(r -> r.auth().orElseThrow().token().orElseThrow().reveal())
                    .containsExactly("rotated-token");
            assertThat(change.clustersChanged()).isEmpty();
        });
    }

    @Test
    void aFailingListenerIsLoggedAndOthersStillHear() throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu"));
        watcher = new FleetWatcher((FleetLoad.Valid) FleetLoader.defaults().load(file), FleetLoader.defaults(),
                Duration.ZERO);
        watcher.subscribe(change -> {
            throw new IllegalStateException("listener bug");
        });
        AutoCloseable subscription = watcher.subscribe(changes::add);

        Files.writeString(file, TestFleets.small("prod-eu", "prod-us"));
        assertThat(watcher.poll()).isTrue();
        assertThat(changes).hasSize(1);
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR);

        subscription.close();
        Files.writeString(file, TestFleets.small("prod-eu"));
        assertThat(watcher.poll()).isTrue();
        assertThat(changes).hasSize(1);
    }

    @Test
    void anEditThatChangesNothingIsNoChange() throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu"));
        watch(file, FleetLoader.defaults().withEnvironment(Map.<String, String>of()::get), Duration.ZERO);
        Files.writeString(file, "# a comment\n" + TestFleets.small("prod-eu"));
        assertThat(watcher.poll()).isFalse();
        assertThat(changes).isEmpty();
    }
}

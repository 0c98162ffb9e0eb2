package io.shiplog.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.read.FleetLoader;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each folder under {@code testdata/} holds a bad {@code shiplog.yaml} and the exact problems it must give
 * ({@code expected-problems.txt}, the case folder left out of paths); {@code env.properties} is its environment.
 * Run with {@code -Dshiplog.golden.update=true} to rewrite the expected files (then read every diff).
 */
class GoldenFilesTest {

    /** The inline secret every case uses: it must never be shown. */
    static final String INLINE_SECRET = "hunter2";

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(testdata())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersExactlyTheExpectedProblems(String name) throws Exception {
        Path dir = testdata().resolve(name);
        Properties env = new Properties();
        if (Files.exists(dir.resolve("env.properties"))) {
            try (Reader reader = Files.newBufferedReader(dir.resolve("env.properties"))) {
                env.load(reader);
            }
        }
        FleetLoad load = FleetLoader.defaults().withEnvironment(env::getProperty).load(dir.resolve("shiplog.yaml"));
        String actual = load.problems().stream().map(FleetProblem::render)
                .map(line -> line.replace(dir + "/", "")).collect(Collectors.joining("\n", "", "\n"));

        if (Boolean.getBoolean("shiplog.golden.update")) {
            Files.writeString(Path.of("src/test/resources/testdata", name, "expected-problems.txt"), actual);
        }
        assertThat(load).isInstanceOf(FleetLoad.Invalid.class);
        assertThat(actual).doesNotContain(INLINE_SECRET);
        env.values().forEach(value -> assertThat(actual).doesNotContain(value.toString()));
        assertThat(actual).isEqualTo(Files.readString(dir.resolve("expected-problems.txt")));
    }

    static Path testdata() throws URISyntaxException {
        return Path.of(GoldenFilesTest.class.getResource("/testdata").toURI());
    }
}

package io.shiplog.scanner.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import io.shiplog.scanner.registry.HostSettings;
import io.shiplog.scanner.registry.RegistryHandler;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.schemas.image.ImageRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Real docker credential helper scripts on a PATH, giving the credentials of the real testkit registry. */
@ExtendWith(OutputCaptureExtension.class)
class CredentialHelperIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path bin;

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    /** docker-credential-{@code name}: the registry's credentials for its host, "not found" for any other. */
    private void helper(String name, ContainerRegistry registry) throws Exception {
        script(name, """
                #!/bin/sh
                echo called >> "%s/%s.calls"
                read -r server
                if [ "$1" = get ] && [ "$server" = "%s" ]; then
                  printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
                else
                  echo "credentials not found in native keychain"
                  exit 1
                fi
                """.formatted(bin, name, registry.host(), registry.username(), registry.password()));
    }

    private void script(String name, String text) throws Exception {
        Path file = bin.resolve("docker-credential-" + name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private long calls(String name) throws Exception {
        Path file = bin.resolve(name + ".calls");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private String path() {
        return "/nonexistent:" + bin;
    }

    private static RegistryReader reader(Credentials credentials) {
        return new RegistryReader(new RegistryHandler(java.net.http.HttpClient.newHttpClient(), TIMEOUT, credentials,
                HostSettings::defaults, new SimpleMeterRegistry()));
    }

    @Test
    void scansWithTheCredentialsOfTheHelperThatCredHelpersNames(CapturedOutput output) throws Exception {
        ContainerRegistry registry = ContainerRegistry.shared();
        String repo = "helper-" + suffix + "/app";
        registry.pusher().push(repo, "1.0.0");
        helper("shiplogtest", registry);
        Path config = Files.writeString(bin.resolve("config.json"), """
                {"auths": {"%s": {}}, "credHelpers": {"%s": "shiplogtest"}}
                """.formatted(registry.host(), registry.host()));

        CredentialHelper.DockerConfigHelpers helpers = CredentialHelper.fromDockerConfig(config, path(), TIMEOUT);
        Credentials credentials = new Credentials();
        credentials.addDockerConfig(config);
        helpers.byHost().forEach(credentials::putSource);
        RegistryReader reader = reader(credentials);

        assertThat(reader.listTags(ImageRepository.parse(registry.host() + "/" + repo)).tags())
                .containsExactly("1.0.0");
        assertThat(reader.listTags(ImageRepository.parse(registry.host() + "/" + repo)).tags()).hasSize(1);
        assertThat(calls("shiplogtest")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(registry.password());
    }

    @Test
    void asksTheHelperAgainWhenTheRegistryRefusesWhatItGaveBefore() throws Exception {
        ContainerRegistry registry = ContainerRegistry.shared();
        String repo = "helper-" + suffix + "/rotated";
        registry.pusher().push(repo, "2.0.0");
        script("rotating", """
                #!/bin/sh
                echo called >> "%s/rotating.calls"
                if [ "$(wc -l < "%s/rotating.calls")" -eq 1 ]; then
                  printf '{"Username":"%s","Secret":"password-before-rotation"}'
                else
                  printf '{"Username":"%s","Secret":"%s"}'
                fi
                """.formatted(bin, bin, registry.username(), registry.username(), registry.password()));
        Credentials credentials = new Credentials();
        credentials.putSource(registry.host(), CredentialHelper.find("rotating", path(), TIMEOUT, Map.of()));

        assertThat(reader(credentials).listTags(ImageRepository.parse(registry.host() + "/" + repo)).tags())
                .containsExactly("2.0.0");
        assertThat(calls("rotating")).isEqualTo(2);
    }

    @Test
    void aCredsStoreThatKnowsNoCredentialsForAHostLeavesItAnonymous() throws Exception {
        ContainerRegistry registry = ContainerRegistry.shared();
        helper("store", registry);
        Path config = Files.writeString(bin.resolve("config.json"), "{\"credsStore\": \"store\"}");

        CredentialHelper.DockerConfigHelpers helpers = CredentialHelper.fromDockerConfig(config, path(), TIMEOUT);
        Credentials credentials = new Credentials();
        credentials.addDockerConfig(config);
        credentials.setDefaultSource(helpers.store().orElseThrow());

        assertThat(credentials.forHost("quay.io")).isEmpty();
        assertThat(credentials.forHost(registry.host())).map(Credentials.Credential::username)
                .contains(registry.username());
    }

    @Test
    void aFailingHelperIsAnErrorNamingItAndTheHostButNotItsOutput() throws Exception {
        script("broken", """
                #!/bin/sh
                echo "leaked-secret-on-stdout"
                echo "leaked-secret-on-stderr" >&2
                exit 3
                """);
        CredentialHelper helper = CredentialHelper.find("broken", path(), TIMEOUT, Map.of());

        assertThatThrownBy(() -> helper.credential("registry.example:5000"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("docker-credential-broken")
                .hasMessageContaining("registry.example:5000")
                .hasMessageContaining("exit status 3")
                .hasMessageNotContaining("leaked-secret");
    }

    @Test
    void aHelperThatIsNotOnThePathFailsAtStartUp() {
        assertThatThrownBy(() -> CredentialHelper.find("absent", path(), TIMEOUT, Map.of()))
                .hasMessageContaining("docker-credential-absent is not on the PATH");
    }
}

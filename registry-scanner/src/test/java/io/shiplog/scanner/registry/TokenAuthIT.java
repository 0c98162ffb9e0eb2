package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.PushedImage;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.schemas.image.ImageRepository;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The scanner against the real docker-registry run with {@code auth: token}: the challenge is followed to the
 * testkit's token server, with Basic credentials or anonymously, and tokens are kept per host and scope.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenAuthIT {

    private static ContainerRegistry registry;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() {
        registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver()
                .withTokenAuth(Set.of("public/base"), Duration.ofMinutes(5)));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static RegistryReader reader(String user, String password) {
        Credentials credentials = new Credentials();
        if (user != null) {
            credentials.put(registry.host(), new Credentials.Credential(user, password));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new RegistryReader(new RegistryHandler(http, Duration.ofSeconds(10), credentials,
                HostSettings::defaults, new SimpleMeterRegistry()));
    }

    private ImageRepository image(String path) {
        return ImageRepository.parse(registry.host() + "/" + path);
    }

    @Test
    void scansAPrivateRepositoryWithCredentialsAndOneTokenPerScope() throws Exception {
        String repo = "private-" + suffix + "/app";
        PushedImage one = registry.pusher().push(repo, "1.0.0");
        registry.pusher().push(repo, "1.1.0");
        RegistryReader reader = reader(registry.username(), registry.password());
        int before = registry.tokenServer().issued();

        assertThat(reader.listTags(image(repo)).tags()).containsExactlyInAnyOrder("1.0.0", "1.1.0");
        assertThat(reader.head(image(repo), "1.0.0")).contains(new RegistryReader.Head(one.digest(),
                one.mediaType()));
        assertThat(reader.inspect(image(repo), one.digest()).createdAt()).isEqualTo(one.created());
        assertThat(reader.listTags(image(repo)).tags()).hasSize(2);

        assertThat(registry.tokenServer().issued() - before).isEqualTo(1);
    }

    @Test
    void refusesAPrivateRepositoryWithoutCredentialsNamingIt(CapturedOutput output) throws Exception {
        String repo = "private-" + suffix + "/closed";
        registry.pusher().push(repo, "1.0.0");

        assertThatThrownBy(() -> reader(null, null).listTags(image(repo)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(registry.host() + "/" + repo)
                .hasMessageContaining("refused anonymous access")
                .satisfies(e -> assertThat(((RegistryException) e).reason())
                        .isEqualTo(RegistryException.Reason.UNAUTHORIZED));
        assertThat(output.getAll()).doesNotContain("eyJ");
    }

    @Test
    void readsAPublicRepositoryAnonymously() throws Exception {
        registry.pusher().push("public/base", "21");

        assertThat(reader(null, null).listTags(image("public/base")).tags()).contains("21");
    }

    @Test
    void aTokenRefusedRightAfterItWasIssuedEndsInAClearErrorNotALoop() throws Exception {
        String repo = "private-" + suffix + "/expired";
        registry.pusher().push(repo, "1.0.0");
        RegistryReader reader = reader(registry.username(), registry.password());
        int before = registry.tokenServer().issued();
        registry.tokenServer().issueExpiredTokenNext();

        assertThatThrownBy(() -> reader.listTags(image(repo))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused the credentials of user " + registry.username())
                .hasMessageContaining(registry.host() + "/" + repo);
        assertThat(registry.tokenServer().issued() - before).isEqualTo(1);

        assertThat(reader.listTags(image(repo)).tags()).containsExactly("1.0.0");
    }

    @Test
    void aWrongPasswordIsRefusedByTheTokenServiceWithoutAppearingAnywhere(CapturedOutput output) {
        String repo = "private-" + suffix + "/wrong";
        registry.pusher().push(repo, "1.0.0");
        String wrong = "wrong-password-" + suffix;

        assertThatThrownBy(() -> reader(registry.username(), wrong).listTags(image(repo)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("token service of registry " + registry.host())
                .hasMessageContaining("refused the credentials of user " + registry.username())
                .hasMessageContaining(registry.host() + "/" + repo)
                .hasMessageNotContaining(wrong);
        assertThat(output.getAll()).doesNotContain(wrong).doesNotContain(registry.password()).doesNotContain("eyJ");
    }
}

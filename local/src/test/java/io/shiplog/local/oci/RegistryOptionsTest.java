package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryOptionsTest {

    @Test
    void neverShowsPasswordOrHeaderValuesInToString() {
        RegistryOptions options = RegistryOptions.defaults()
                .withCredentials("alice", "s3cret-pass")
                .withReceiverHeader("Authorization", "Bearer receiver-secret")
                .withEndpoint(NotificationEndpoint.of(URI.create("http://127.0.0.1:9/hook"))
                        .withHeader("X-Hook-Secret", "endpoint-secret"));

        assertThat(options.toString())
                .contains("alice", "Authorization", "X-Hook-Secret", "http://127.0.0.1:9/hook")
                .doesNotContain("s3cret-pass", "receiver-secret", "endpoint-secret");
    }

    @Test
    void generatesADifferentPasswordForEachDefaultOptions() {
        assertThat(RegistryOptions.defaults().password()).isNotEqualTo(RegistryOptions.defaults().password())
                .hasSize(32);
    }

    @Test
    void rejectsUsernameWithColonNamingIt() {
        assertThatThrownBy(() -> RegistryOptions.defaults().withCredentials("al:ice", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'al:ice'");
    }

    @Test
    void rejectsPasswordWithNewlineWithoutShowingIt() {
        assertThatThrownBy(() -> RegistryOptions.defaults().withCredentials("alice", "line1\nline2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alice").hasMessageContaining("control characters")
                .hasMessageNotContaining("line1");
    }

    @Test
    void rejectsNotificationEndpointThatIsNotAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> NotificationEndpoint.of(URI.create("ftp://example.org/hook")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp://example.org/hook'");
        assertThatThrownBy(() -> NotificationEndpoint.of(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/relative'");
    }

    @Test
    void rejectsHeaderValueWithLineBreakNamingTheHeaderOnly() {
        assertThatThrownBy(() -> RegistryOptions.defaults().withReceiverHeader("Authorization", "a\r\nb: c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Authorization'")
                .hasMessageNotContaining("b: c");
    }

    @Test
    void notifyOnlyReplacesTheOwnReceiver() {
        NotificationEndpoint hook = NotificationEndpoint.of(URI.create("http://127.0.0.1:9/hook"));

        RegistryOptions options = RegistryOptions.defaults().withReceiverHeader("X-A", "b").notifyOnly(hook);

        assertThat(options.ownReceiver()).isFalse();
        assertThat(options.endpoints()).isEqualTo(List.of(hook));
        assertThat(options.receiverHeaders()).isEqualTo(Map.of());
    }

    @Test
    void parsesPlatformsWithAndWithoutVariant() {
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.LINUX_ARM64_V8);
        assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.LINUX_AMD64);
        assertThat(Platform.LINUX_ARM64_V8).hasToString("linux/arm64/v8");
        assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'linux'");
    }

    @Test
    void keepsStorageAndPortThroughEveryWither() {
        RegistryOptions options = RegistryOptions.defaults().withStorage(Path.of("shiplog-dev/registry"))
                .withPort(5000).withoutAuth().withCredentials("dev", "pw").withoutReceiver()
                .withReceiverHeader("X-A", "b")
                .withEndpoint(NotificationEndpoint.of(URI.create("http://127.0.0.1:9/h")))
                .withStartTimeout(java.time.Duration.ofSeconds(5));

        assertThat(options.storage()).isEqualTo(Path.of("shiplog-dev/registry").toAbsolutePath());
        assertThat(options.port()).isEqualTo(5000);
        assertThat(options.notifyOnly(NotificationEndpoint.of(URI.create("http://127.0.0.1:9/h"))).storage())
                .isEqualTo(options.storage());
        assertThat(options.toString()).contains("storage=" + options.storage(), "port=5000");
        assertThat(RegistryOptions.defaults().storage()).isNull();
        assertThat(RegistryOptions.defaults().port()).isZero();
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> RegistryOptions.defaults().withPort(65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry port 65536");
    }
}

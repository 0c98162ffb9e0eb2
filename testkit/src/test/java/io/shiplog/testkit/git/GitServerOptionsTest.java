package io.shiplog.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitServerOptionsTest {

    @Test
    void refusesUsernameWithColonOrBlankNamingIt() {
        assertThatThrownBy(() -> new GitServer.Options("a:b", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
        assertThatThrownBy(() -> new GitServer.Options(" ", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
    }

    @Test
    void refusesEmptyPassword() {
        assertThatThrownBy(() -> new GitServer.Options("alice", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    }

    @Test
    void defaultsToRandomPasswordThatToStringHides() {
        GitServer.Options first = GitServer.Options.defaults();
        GitServer.Options second = GitServer.Options.defaults();

        assertThat(first.username()).isEqualTo("shiplog");
        assertThat(first.password()).hasSize(32).isNotEqualTo(second.password());
        assertThat(first.toString()).contains("shiplog").doesNotContain(first.password());
    }
}

package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepositoryNamesTest {

    @Test
    void mapsNamesToBareRepositoryPaths() {
        assertThat(BareRepositories.relativePath("config")).isEqualTo("config.git");
        assertThat(BareRepositories.relativePath("team/config-2.x_y")).isEqualTo("team/config-2.x_y.git");
    }

    @Test
    void refusesNamesThatCouldEscapeOrConfuseNamingThem() {
        for (String bad : new String[] {"", "../x", "a/../b", "/abs", "a/", "x.git", "a b", ".hidden", "a//b"}) {
            assertThatThrownBy(() -> BareRepositories.relativePath(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}

package io.shiplog.cluster.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepositoryPathTest {

    @Test
    void resolvesReferencesInsideTheRepository() {
        assertThat(RepositoryPath.resolve("clusters/staging", "../../apps/base")).contains("apps/base");
        assertThat(RepositoryPath.resolve("apps/staging", "./patch.yaml")).contains("apps/staging/patch.yaml");
        assertThat(RepositoryPath.resolve("apps", "..")).contains("");
        assertThat(RepositoryPath.resolve("", "apps//base/")).contains("apps/base");
    }

    @Test
    void refusesAbsolutePathsAndClimbingAboveTheRoot() {
        assertThat(RepositoryPath.resolve("clusters/staging", "../../../etc")).isEmpty();
        assertThat(RepositoryPath.resolve("apps", "/etc/passwd")).isEmpty();
        assertThat(RepositoryPath.resolve("apps", "base/../../../x")).isEmpty();
        assertThat(RepositoryPath.resolve("", "C:\\\\windows")).isEmpty();
    }

    @Test
    void tellsWhetherAPathIsInsideADirectory() {
        assertThat(RepositoryPath.isWithin("apps/base/x.yaml", "apps/base")).isTrue();
        assertThat(RepositoryPath.isWithin("apps/base-two/x.yaml", "apps/base")).isFalse();
        assertThat(RepositoryPath.isWithin("anything", "")).isTrue();
    }
}

package io.shiplog.cluster.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KustomizeGraphTest {

    @Test
    void recognisesTheRemoteReferenceFormsKustomizeFetches() {
        assertThat(KustomizeGraph.isRemote("https://github.com/org/repo//deploy?ref=v1")).isTrue();
        assertThat(KustomizeGraph.isRemote("http://example.com/app.yaml")).isTrue();
        assertThat(KustomizeGraph.isRemote("git::https://example.com/org/repo")).isTrue();
        assertThat(KustomizeGraph.isRemote("ssh://git@example.com/org/repo.git")).isTrue();
        assertThat(KustomizeGraph.isRemote("git@github.com:org/repo.git/deploy")).isTrue();
        assertThat(KustomizeGraph.isRemote("github.com/org/repo/deploy?ref=main")).isTrue();
        assertThat(KustomizeGraph.isRemote("gitlab.com/org/repo")).isTrue();
        assertThat(KustomizeGraph.isRemote("dev.azure.com/org/project/_git/repo")).isTrue();
    }

    @Test
    void takesLocalPathsAsLocal() {
        assertThat(KustomizeGraph.isRemote("../base")).isFalse();
        assertThat(KustomizeGraph.isRemote("deployment.yaml")).isFalse();
        assertThat(KustomizeGraph.isRemote("../../apps/github.com-mirror")).isFalse();
        assertThat(KustomizeGraph.isRemote("components/with@sign")).isFalse();
    }
}

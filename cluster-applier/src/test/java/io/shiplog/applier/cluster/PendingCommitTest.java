package io.shiplog.applier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import org.junit.jupiter.api.Test;

class PendingCommitTest {

    private static DesiredCommit commit(String sha) {
        return new DesiredCommit("https://git/config.git", "main", sha, null);
    }

    @Test
    void aNewerCommitPassesOverTheOlderOnesInLogOrder() {
        PendingCommit pending = PendingCommit.of(commit("c1")).fold(commit("c2"), "c0").fold(commit("c3"), "c0");
        assertThat(pending.commit().sha()).isEqualTo("c3");
        assertThat(pending.skipped()).containsExactly("c1", "c2");
    }

    @Test
    void theCommitTheClusterAlreadyHasIsNotReportedAsSkipped() {
        PendingCommit pending = PendingCommit.of(commit("c0")).fold(commit("c1"), "c0");
        assertThat(pending.skipped()).isEmpty();
    }

    @Test
    void theSameCommitTwiceIsOneCommit() {
        PendingCommit pending = PendingCommit.of(commit("c1")).fold(commit("c1"), null);
        assertThat(pending.skipped()).isEmpty();
        assertThat(pending.commit().sha()).isEqualTo("c1");
    }
}

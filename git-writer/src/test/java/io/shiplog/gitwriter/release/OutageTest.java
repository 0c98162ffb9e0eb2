package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.git.GitFailure;
import org.junit.jupiter.api.Test;

class OutageTest {

    private final Outage outage = new Outage();
    private final GitFailure unreachable = new GitFailure(GitFailure.Reason.REMOTE_UNREACHABLE, "down", null);

    @Test
    void anOutageIsLoggedAndReportedOnceHoweverOftenItFails() {
        assertThat(outage.failed(unreachable, false)).isTrue();
        assertThat(outage.firstReport()).isTrue();
        assertThat(outage.failed(unreachable, true)).isFalse();
        assertThat(outage.failed(new GitFailure(GitFailure.Reason.AUTHENTICATION_FAILED, "no", null), true))
                .isFalse();
        assertThat(outage.firstReport()).isFalse();
    }

    @Test
    void aNewOutageAfterARecoveryIsReportedAgain() {
        outage.failed(unreachable, false);
        outage.firstReport();
        assertThat(outage.worked(false)).isTrue();
        assertThat(outage.failed(unreachable, false)).isTrue();
        assertThat(outage.firstReport()).isTrue();
    }

    @Test
    void aWorkingFetchDoesNotEndAnOutageOfPushes() {
        outage.failed(unreachable, true);
        assertThat(outage.worked(false)).isFalse();
        assertThat(outage.active()).isTrue();
        assertThat(outage.worked(true)).isTrue();
    }
}

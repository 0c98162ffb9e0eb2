package io.shiplog.gitwriter.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

class GitFailureTest {

    private static GitFailure.Reason reason(Exception e) {
        return GitFailure.of("fetch of config", e, Throwable::getMessage).reason();
    }

    @Test
    void aMissingRepositoryOnAPortWith401InItIsUnreachableNotAnAuthenticationFailure() throws Exception {
        URIish uri = new URIish("http://127.0.0.1:44013/git/failing-a4013b2c.git");
        assertThat(reason(new NoRemoteRepositoryException(uri, "not found"))).isEqualTo(
                GitFailure.Reason.REMOTE_UNREACHABLE);
        assertThat(reason(new TransportException("https://git.example.com/team-401/config.git: connection refused")))
                .isEqualTo(GitFailure.Reason.REMOTE_UNREACHABLE);
    }

    @Test
    void statusCodesAndWordsOfRejectedCredentialsAreAuthenticationFailures() {
        assertThat(reason(new TransportException("https://git.example.com/config.git: not authorized")))
                .isEqualTo(GitFailure.Reason.AUTHENTICATION_FAILED);
        assertThat(reason(new TransportException("https://git.example.com/config.git: 403 Forbidden")))
                .isEqualTo(GitFailure.Reason.AUTHENTICATION_FAILED);
        assertThat(reason(new TransportException("server answered 401"))).isEqualTo(
                GitFailure.Reason.AUTHENTICATION_FAILED);
    }
}

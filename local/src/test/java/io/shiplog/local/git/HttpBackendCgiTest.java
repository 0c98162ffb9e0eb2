package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpBackendCgiTest {

    private static final Path ROOT = Path.of("/srv/git");

    @Test
    void passesRequestAndGitVariablesToTheBackend() {
        Headers headers = new Headers();
        headers.add("Content-Type", "application/x-git-upload-pack-request");
        headers.add("Content-Length", "123");
        headers.add("Content-Encoding", "gzip");
        headers.add("Git-Protocol", "version=2");
        headers.add("Authorization", "Basic c2VjcmV0");

        Map<String, String> env = HttpBackendCgi.environment(new HttpBackendCgi.Request("POST",
                "/team/config.git/git-upload-pack", null, headers, "alice", "127.0.0.1", 4242), ROOT);

        assertThat(env).containsEntry("GIT_PROJECT_ROOT", "/srv/git")
                .containsEntry("GIT_HTTP_EXPORT_ALL", "1")
                .containsEntry("REQUEST_METHOD", "POST")
                .containsEntry("PATH_INFO", "/team/config.git/git-upload-pack")
                .containsEntry("QUERY_STRING", "")
                .containsEntry("CONTENT_TYPE", "application/x-git-upload-pack-request")
                .containsEntry("CONTENT_LENGTH", "123")
                .containsEntry("HTTP_CONTENT_ENCODING", "gzip")
                .containsEntry("GIT_PROTOCOL", "version=2")
                .containsEntry("REMOTE_USER", "alice")
                .containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("SERVER_PORT", "4242");
        assertThat(env.values()).noneMatch(value -> value.contains("c2VjcmV0"));
    }

    @Test
    void leavesOutHeadersTheRequestDidNotHave() {
        Map<String, String> env = HttpBackendCgi.environment(new HttpBackendCgi.Request("GET",
                "/config.git/info/refs", "service=git-receive-pack", new Headers(), "alice", "127.0.0.1", 80), ROOT);

        assertThat(env).containsEntry("QUERY_STRING", "service=git-receive-pack")
                .doesNotContainKeys("CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_CONTENT_ENCODING", "GIT_PROTOCOL");
    }
}

package io.shiplog.testkit.git;

import io.shiplog.testkit.support.JvmShared;

final class SharedGitServer {

    static final JvmShared<GitServer> SERVER =
            new JvmShared<>("git-server", () -> GitServer.start(GitServer.Options.defaults()));

    private SharedGitServer() {
    }
}

package io.shiplog.local.git;

import io.shiplog.local.support.JvmShared;

final class SharedGitServer {

    static final JvmShared<GitServer> SERVER =
            new JvmShared<>("git-server", () -> GitServer.start(GitServer.Options.defaults()));

    private SharedGitServer() {
    }
}

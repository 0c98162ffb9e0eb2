package io.shiplog.testkit.git;

final class SharedGitServer {

    private static GitServer server;

    private SharedGitServer() {
    }

    static synchronized GitServer get() {
        if (server == null) {
            GitServer started = GitServer.start(GitServer.Options.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-git-server"));
            server = started;
        }
        return server;
    }
}

package io.shiplog.local.junit;

import io.shiplog.local.git.GitServer;


/**
 * Injects the JVM-wide shared {@link GitServer} into test constructors, lifecycle methods and test methods:
 * {@code @ExtendWith(GitServerExtension.class)}, then declare a {@code GitServer} parameter. Repository names must
 * be unique across the tests that share it.
 */
public final class GitServerExtension extends SharedHandleResolver<GitServer> {

    public GitServerExtension() {
        super(GitServer.class, GitServer::shared);
    }
}

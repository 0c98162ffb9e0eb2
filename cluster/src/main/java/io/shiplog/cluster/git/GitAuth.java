package io.shiplog.cluster.git;

import io.shiplog.cluster.config.RepositoryProperties;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How fetches authenticate to a config repository. HTTPS basic and token credentials are built in; other transports
 * (SSH keys) plug in as further implementations.
 */
@FunctionalInterface
public interface GitAuth {

    /** Anonymous access. */
    GitAuth NONE = command -> { };

    /** Sets credentials (and any transport callback) on a fetch. */
    void configure(TransportCommand<?, ?> command);

    /** The auth a repository's properties ask for: basic (user + password), token, or none. */
    static GitAuth of(RepositoryProperties repository) {
        if (repository.token() != null && !repository.token().isEmpty()) {
            String user = repository.username() == null || repository.username().isBlank() ? "git"
                    : repository.username();
            return basic(user, repository.token());
        }
        if (repository.password() != null && !repository.password().isEmpty()) {
            return basic(repository.username() == null ? "" : repository.username(), repository.password());
        }
        return NONE;
    }

    /** HTTP Basic credentials. */
    static GitAuth basic(String username, String password) {
        return command -> command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, password));
    }
}

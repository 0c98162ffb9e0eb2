package io.shiplog.fleet;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code repositories[]}: a config git repository, referred to everywhere by {@code name}. {@code url} never holds
 * credentials; they are in {@code auth}. {@code pushBranch} is a template ({@code {branch}}, {@code {base}}) for a
 * pull-request flow; empty means push to {@code branch}. {@code pullRequests} opens a pull request per proposal
 * branch on a forge.
 */
public record RepositorySpec(String name, String url, String branch, Optional<String> pushBranch,
                             Optional<GitAuth> auth, Duration fetchInterval, Duration timeout,
                             boolean allowRemoteBases, Optional<CommitSpec> commit, Optional<GitWebhook> webhook,
                             Optional<PullRequestSpec> pullRequests) {

    public static final String DEFAULT_BRANCH = "main";
    public static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Whether {@code url} is reached over SSH ({@code ssh://…} or scp-like {@code user@host:path}). */
    public boolean isSsh() {
        return GitUrls.isSsh(url);
    }

    /** How to authenticate: a username with a password or token, and for SSH a key and known hosts. */
    public record GitAuth(Optional<String> username, Optional<Secret> password, Optional<Secret> token,
                          Optional<java.nio.file.Path> sshKey, Optional<java.nio.file.Path> knownHosts) {
    }

    /** Who Shiplog's commits are by, their message, and how they are signed. */
    public record CommitSpec(Optional<String> authorName, Optional<String> authorEmail, Optional<String> committerName,
                             Optional<String> committerEmail, Optional<String> messageTemplate,
                             SigningFormat signingFormat, Optional<String> signingKey) {
    }

    /** How commits are signed. */
    public enum SigningFormat { NONE, OPENPGP, SSH }

    /** Forges whose pull requests Shiplog keeps ({@code forgejo} is Gitea's API). */
    public enum Forge { GITHUB, GITLAB, GITEA, FORGEJO, BITBUCKET }

    /** How pull requests are merged. */
    public enum MergeMethod { MERGE, SQUASH, REBASE }

    /**
     * The pull request kept for each proposal branch: on which forge, where its API is, which repository there, the
     * API token (a secret reference), and whether the forge merges it once its checks pass.
     */
    public record PullRequestSpec(Forge forge, Optional<String> apiUrl, Optional<String> project,
                                  Optional<String> username, Optional<Secret> token, boolean autoMerge,
                                  MergeMethod mergeMethod) {
    }

    /** The git host's push-webhook secrets: an HMAC secret and/or a bearer token. */
    public record GitWebhook(Optional<Secret> secret, Optional<Secret> token) {
    }
}

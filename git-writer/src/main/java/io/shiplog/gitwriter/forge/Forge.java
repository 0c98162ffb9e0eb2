package io.shiplog.gitwriter.forge;

import java.util.List;

/**
 * One repository on a forge (GitHub, GitLab, Gitea/Forgejo, Bitbucket Cloud), as far as Shiplog's pull requests
 * need it. Every call is one or a few HTTP requests; failures are {@link ForgeException}s naming forge and
 * repository.
 */
public interface Forge {

    /** {@code github}, {@code gitlab}, {@code gitea} or {@code bitbucket} and the repository, for messages. */
    String describe();

    /** The open pull requests that target {@code base}. */
    List<PullRequest> openInto(String base) throws ForgeException;

    /** Opens a pull request of {@code head} into {@code base}. */
    PullRequest open(String head, String base, String title, String body) throws ForgeException;

    /** Sets the title and description of {@code pr}. */
    void edit(PullRequest pr, String title, String body) throws ForgeException;

    /** Comments on {@code pr} with {@code comment}, then closes it (declines it on Bitbucket). */
    void close(PullRequest pr, String comment) throws ForgeException;

    /**
     * Asks the forge to merge {@code pr} by {@code method} once its checks pass (GitHub, GitLab, Gitea); Bitbucket
     * Cloud has no such switch, so there it is merged now.
     */
    void autoMerge(PullRequest pr, MergeMethod method) throws ForgeException;

    /** How a pull request is merged. */
    enum MergeMethod { MERGE, SQUASH, REBASE }
}

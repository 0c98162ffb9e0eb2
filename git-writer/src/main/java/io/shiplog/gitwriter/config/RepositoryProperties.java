package io.shiplog.gitwriter.config;

import io.shiplog.git.GitRemote;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.git-writer.repositories[i]}: a config repository git-writer mirrors, edits and pushes to.
 *
 * @param name            short name (mirror directory, metrics, webhook path {@code /webhooks/git/<name>})
 * @param url             clone URL (https, ssh, git or file) or local path; also the {@code configRepo} of the
 *                        events
 * @param branch          the watched branch
 * @param pushBranch      branch to push Shiplog's commits to; empty means the watched branch. A template:
 *                        {@code {branch}} and {@code {base}} (the short sha of the commit it builds on), e.g.
 *                        {@code shiplog/{branch}-{base}} for a pull-request flow
 * @param username        HTTP Basic user name (with {@code password}, or with {@code token}; default {@code git})
 * @param password        HTTP Basic password; never shown
 * @param token           access token sent as the HTTP Basic password; never shown
 * @param sshKey          private key file for SSH URLs (OpenSSH format, unencrypted)
 * @param knownHosts      known_hosts file the SSH server's host key must be in (strict checking)
 * @param fetchInterval   how often the remote is fetched (webhooks fetch at once in between)
 * @param timeout         bound of one fetch or push (connect and each read)
 * @param commit          author, committer, message template and signing of Shiplog's commits
 * @param webhookSecret   HMAC-SHA256 secret of push webhooks (GitHub, Gitea, generic); never shown
 * @param webhookToken    shared token of push webhooks (GitLab {@code X-Gitlab-Token}, generic); never shown
 * @param pullRequests    the pull request kept for each proposal branch (with {@code push-branch}); off by default
 */
public record RepositoryProperties(
        @NotBlank String name,
        @NotBlank String url,
        @NotBlank @DefaultValue("main") String branch,
        @DefaultValue("") String pushBranch,
        String username,
        String password,
        String token,
        Path sshKey,
        Path knownHosts,
        @NotNull @DefaultValue("30s") Duration fetchInterval,
        @NotNull @DefaultValue("60s") Duration timeout,
        @NotNull @DefaultValue CommitProperties commit,
        String webhookSecret,
        String webhookToken,
        @NotNull @DefaultValue PullRequestProperties pullRequests) {

    /** The constructor properties bind to. */
    @ConstructorBinding
    public RepositoryProperties {
    }

    /** A repository without pull requests. */
    public RepositoryProperties(String name, String url, String branch, String pushBranch, String username,
                                String password, String token, Path sshKey, Path knownHosts, Duration fetchInterval,
                                Duration timeout, CommitProperties commit, String webhookSecret, String webhookToken) {
        this(name, url, branch, pushBranch, username, password, token, sshKey, knownHosts, fetchInterval, timeout,
                commit, webhookSecret, webhookToken, PullRequestProperties.none());
    }

    /** The git settings of the repository, as {@link io.shiplog.git.GitAccess} takes them. */
    public GitRemote remote() {
        return new GitRemote(name, url, username, password, token, sshKey, knownHosts, timeout);
    }

    /** The branch Shiplog's commits go to, with the template filled in for a base commit. */
    public String pushBranchFor(String baseSha) {
        if (pushBranch == null || pushBranch.isBlank()) {
            return branch;
        }
        return pushBranch.replace("{branch}", branch).replace("{base}", baseSha.substring(0, Math.min(12,
                baseSha.length())));
    }

    /**
     * The proposal branches the template makes for the watched branch: {@code {branch}} is the watched branch,
     * {@code {base}} any short sha. Pull requests of other branches are never touched.
     */
    public Pattern proposalBranches() {
        String template = pushBranch == null || pushBranch.isBlank() ? branch : pushBranch;
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{(branch|base)}").matcher(template);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())));
            regex.append(m.group(1).equals("branch") ? Pattern.quote(branch) : "[0-9a-f]{1,40}");
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString());
    }

    /** Whether commits go to a separate branch (pull-request flow) instead of the watched one. */
    public boolean pushesElsewhere() {
        return pushBranch != null && !pushBranch.isBlank() && !pushBranch.equals(branch);
    }

    @Override
    public String toString() {
        return "RepositoryProperties[name=" + name + ", url=" + remote().redactedUrl() + ", branch=" + branch
                + ", pushBranch=" + pushBranch + ", username=" + username + ", password=" + mask(password)
                + ", token=" + mask(token) + ", sshKey=" + sshKey + ", knownHosts=" + knownHosts
                + ", fetchInterval=" + fetchInterval + ", timeout=" + timeout + ", commit=" + commit
                + ", webhookSecret=" + mask(webhookSecret) + ", webhookToken=" + mask(webhookToken)
                + ", pullRequests=" + pullRequests + "]";
    }

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "***";
    }
}

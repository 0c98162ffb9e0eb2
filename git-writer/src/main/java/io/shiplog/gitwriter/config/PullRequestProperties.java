package io.shiplog.gitwriter.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.git-writer.repositories[i].pull-requests}: the pull (merge) request git-writer keeps for each
 * proposal branch ({@code push-branch}). Off while {@code forge} is empty.
 *
 * @param forge       {@code github}, {@code gitlab}, {@code gitea} (also Forgejo: {@code forgejo}) or
 *                    {@code bitbucket} (Cloud); empty: no pull requests
 * @param apiUrl      the forge's API root; default {@code https://api.github.com}, {@code https://gitlab.com/api/v4},
 *                    {@code https://api.bitbucket.org/2.0}, and for Gitea/Forgejo the repository URL's
 *                    {@code scheme://host/api/v1}
 * @param project     the repository on the forge ({@code owner/name}; GitLab: the project path with its groups;
 *                    Bitbucket: {@code workspace/repo_slug}); default: the path of the repository URL
 * @param username    Bitbucket only: the account of an app password or API token (HTTP Basic); empty sends the token
 *                    as a Bearer access token
 * @param token       the API token; never shown
 * @param autoMerge   ask the forge to merge once its checks pass (Bitbucket Cloud: merge at once)
 * @param mergeMethod {@code merge}, {@code squash} or {@code rebase}
 * @param timeout     bound of one API request
 */
public record PullRequestProperties(
        @DefaultValue("") String forge,
        URI apiUrl,
        @DefaultValue("") String project,
        @DefaultValue("") String username,
        String token,
        @DefaultValue("false") boolean autoMerge,
        @DefaultValue("merge") String mergeMethod,
        @DefaultValue("30s") Duration timeout) {

    public static final Set<String> FORGES = Set.of("github", "gitlab", "gitea", "forgejo", "bitbucket");
    private static final Set<String> METHODS = Set.of("merge", "squash", "rebase");
    /** {@code scheme://host[:port]/path} or scp-like {@code user@host:path}. */
    private static final Pattern URL = Pattern.compile("(?:([a-z+]+)://)?(?:[^@/]+@)?([^/:]+)(?::(\\d+))?[:/](.+)");

    /** No pull requests. */
    public static PullRequestProperties none() {
        return new PullRequestProperties("", null, "", "", null, false, "merge", Duration.ofSeconds(30));
    }

    public boolean enabled() {
        return forge != null && !forge.isBlank();
    }

    /** The forge's kind, lower case; {@code forgejo} is {@code gitea}. */
    public String kind() {
        String kind = forge.strip().toLowerCase(Locale.ROOT);
        return kind.equals("forgejo") ? "gitea" : kind;
    }

    /** {@link #project} or the repository URL's path without a leading slash and {@code .git}. */
    public String projectFor(String repositoryUrl) {
        if (project != null && !project.isBlank()) {
            return project.strip();
        }
        Matcher m = URL.matcher(repositoryUrl);
        if (!m.matches()) {
            return "";
        }
        String path = m.group(4).replaceAll("^/+", "").replaceAll("/+$", "").replaceAll("\\.git$", "");
        if (kind().equals("gitlab")) {
            return path;
        }
        String[] parts = path.split("/");
        return parts.length < 2 ? "" : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    /** {@link #apiUrl} or the forge's default; for Gitea derived from the repository URL. */
    public URI apiFor(String repositoryUrl) {
        if (apiUrl != null) {
            String text = apiUrl.toString();
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        }
        return switch (kind()) {
            case "github" -> URI.create("https://api.github.com");
            case "gitlab" -> URI.create("https://gitlab.com/api/v4");
            case "bitbucket" -> URI.create("https://api.bitbucket.org/2.0");
            default -> {
                Matcher m = URL.matcher(repositoryUrl);
                if (!m.matches() || m.group(1) == null || !m.group(1).startsWith("http")) {
                    yield null;
                }
                String path = m.group(4);
                String[] parts = path.replaceAll("/+$", "").split("/");
                String prefix = parts.length > 2 ? "/" + String.join("/", List.of(parts).subList(0,
                        parts.length - 2)) : "";
                yield URI.create(m.group(1) + "://" + m.group(2) + (m.group(3) == null ? "" : ":" + m.group(3))
                        + prefix + "/api/v1");
            }
        };
    }

    /** Adds what is wrong, each naming its property under {@code at}. */
    void check(String at, String repositoryUrl, boolean pushesElsewhere, List<String> problems) {
        if (!enabled()) {
            return;
        }
        if (!FORGES.contains(forge.strip().toLowerCase(Locale.ROOT))) {
            problems.add(at + ".forge must be github, gitlab, gitea, forgejo or bitbucket, got '" + forge + "'");
            return;
        }
        if (!pushesElsewhere) {
            problems.add(at + " needs push-branch (a proposal branch other than the watched branch)");
        }
        if (token == null || token.isBlank()) {
            problems.add(at + ".token is required to open pull requests on " + kind());
        }
        if (!METHODS.contains(mergeMethod.toLowerCase(Locale.ROOT))) {
            problems.add(at + ".merge-method must be merge, squash or rebase, got '" + mergeMethod + "'");
        }
        if (projectFor(repositoryUrl).isEmpty()) {
            problems.add(at + ".project is required: the repository URL names no owner/name");
        }
        if (apiFor(repositoryUrl) == null) {
            problems.add(at + ".api-url is required for " + forge + " when the repository URL is not http(s)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            problems.add(at + ".timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "PullRequestProperties[forge=" + forge + ", apiUrl=" + apiUrl + ", project=" + project + ", username="
                + username + ", token=" + RepositoryProperties.mask(token) + ", autoMerge=" + autoMerge
                + ", mergeMethod=" + mergeMethod + ", timeout=" + timeout + "]";
    }
}

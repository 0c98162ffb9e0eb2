package io.shiplog.gitwriter.forge;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.config.PullRequestProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull requests of one repository's proposal branches, kept on the forge by a thread of their own, so a
 * failing forge never holds up commits and pushes. After each push the branch's pull request is opened or its
 * title and description set to every change it holds; other open pull requests of proposal branches into the same
 * base are closed as superseded; auto-merge is asked for once per pull request. When the watched branch holds every
 * change of the proposal, its pull request is closed. A failed call is retried with backoff (the newest wish wins);
 * meanwhile {@link #status()} says it is pending and why.
 */
public final class PullRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequests.class);

    /** What the forge should show. */
    private sealed interface Wish {
        /** The pull request of {@code branch} lists {@code changes}. */
        record Proposed(String branch, List<BranchChange> changes) implements Wish {
        }

        /** The pull request of {@code branch} is closed: {@code head} of the watched branch holds its changes. */
        record Reached(String branch, String head) implements Wish {
        }
    }

    private final RepositoryProperties repo;
    private final Forge forge;
    private final TuningProperties tuning;
    private final MeterRegistry meters;
    private final Forge.MergeMethod method;
    private final ScheduledExecutorService thread;
    private final AtomicReference<Wish> wanted = new AtomicReference<>();
    private final Set<String> autoMergeAsked = new HashSet<>();
    private volatile String status = "none";
    private boolean scheduled;
    private int failures;
    /** The last proposal sent (read on the commit loop's thread only). */
    private Wish.Proposed last;

    public PullRequests(RepositoryProperties repo, Forge forge, TuningProperties tuning, MeterRegistry meters) {
        this.repo = repo;
        this.forge = forge;
        this.tuning = tuning;
        this.meters = meters;
        PullRequestProperties settings = repo.pullRequests();
        this.method = Forge.MergeMethod.valueOf(settings.mergeMethod().toUpperCase(Locale.ROOT));
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "git-writer-pull-requests-" + repo.name());
            t.setDaemon(true);
            return t;
        });
        for (String outcome : List.of("opened", "updated", "closed", "failed")) {
            meters.counter("shiplog.gitwriter.pullrequests." + outcome, "repository", repo.name());
        }
    }

    /** The forge client for {@code repo}'s settings; null when it has no pull requests. */
    public static Forge forgeOf(RepositoryProperties repo) {
        PullRequestProperties p = repo.pullRequests();
        if (!p.enabled()) {
            return null;
        }
        String project = p.projectFor(repo.url());
        return switch (p.kind()) {
            case "github" -> new GitHubForge(p.apiFor(repo.url()), project, p.token(), p.timeout());
            case "gitlab" -> new GitLabForge(p.apiFor(repo.url()), project, p.token(), p.timeout());
            case "bitbucket" -> new BitbucketForge(p.apiFor(repo.url()), project, p.username(), p.token(),
                    p.timeout());
            default -> new GiteaForge(p.apiFor(repo.url()), project, p.token(), p.timeout());
        };
    }

    /** {@code branch} was pushed and now holds {@code changes} against the watched branch. */
    public void proposed(String branch, List<BranchChange> changes) {
        Wish.Proposed wish = new Wish.Proposed(branch, List.copyOf(changes));
        last = changes.isEmpty() ? null : wish;
        wish(changes.isEmpty() ? new Wish.Reached(branch, "") : wish);
    }

    /**
     * The watched branch moved to {@code head}, where each location key has the image value of {@code values}:
     * when those hold every change of the last proposal, its pull request is closed.
     */
    public void headMoved(String head, Map<String, String> values) {
        Wish.Proposed proposal = last;
        if (proposal == null) {
            return;
        }
        boolean reached = proposal.changes().stream().flatMap(c -> c.locations().stream())
                .allMatch(l -> l.value().equals(values.get(l.key())));
        if (reached) {
            last = null;
            wish(new Wish.Reached(proposal.branch(), head));
        }
    }

    /** {@code none}, {@code open <url>}, {@code closed <url>} or {@code pending: <why>}. */
    public String status() {
        return status;
    }

    private synchronized void wish(Wish wish) {
        wanted.set(wish);
        if (!scheduled) {
            scheduled = true;
            thread.execute(this::work);
        }
    }

    private void work() {
        Wish wish;
        synchronized (this) {
            wish = wanted.getAndSet(null);
            if (wish == null) {
                scheduled = false;
                return;
            }
        }
        try {
            if (wish instanceof Wish.Proposed p) {
                keep(p);
            } else if (wish instanceof Wish.Reached r) {
                reached(r);
            }
            if (failures > 0) {
                LOG.info("repository {}: pull requests on {} work again", repo.name(), forge.describe());
            }
            failures = 0;
            next(Duration.ZERO);
        } catch (ForgeException | RuntimeException e) {
            if (thread.isShutdown()) {
                return; // closing: the call was interrupted
            }
            wanted.compareAndSet(null, wish);
            failures++;
            meters.counter("shiplog.gitwriter.pullrequests.failed", "repository", repo.name()).increment();
            status = "pending: " + e.getMessage();
            if (failures == 1) {
                LOG.warn("repository {}: pull request of {} pending, retried with backoff: {}", repo.name(),
                        branchOf(wish), e.getMessage());
            } else {
                LOG.debug("repository {}: pull request still pending: {}", repo.name(), e.getMessage());
            }
            next(backoff());
        }
    }

    private void next(Duration delay) {
        synchronized (this) {
            if (wanted.get() == null) {
                scheduled = false;
                return;
            }
        }
        try {
            thread.schedule(this::work, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    private Duration backoff() {
        Duration d = tuning.retryInitialBackoff().multipliedBy(1L << Math.min(16, failures - 1));
        return d.compareTo(tuning.retryMaxBackoff()) > 0 ? tuning.retryMaxBackoff() : d;
    }

    private void keep(Wish.Proposed p) throws ForgeException {
        String base = repo.branch();
        String title = PullRequestText.title(p.changes());
        String body = PullRequestText.body(base, p.branch(), p.changes());
        List<PullRequest> open = forge.openInto(base);
        PullRequest current = open.stream().filter(pr -> pr.head().equals(p.branch())).findFirst().orElse(null);
        if (current == null) {
            current = forge.open(p.branch(), base, title, body);
            count("opened");
            LOG.info("repository {}: opened pull request {} of {} on {}", repo.name(), current.url(), p.branch(),
                    forge.describe());
        } else if (!current.title().equals(title) || !current.body().strip().equals(body.strip())) {
            forge.edit(current, title, body);
            count("updated");
            LOG.info("repository {}: updated pull request {} of {} ({} changes)", repo.name(), current.url(),
                    p.branch(), p.changes().size());
        }
        status = "open " + current.url();
        for (PullRequest older : open) {
            if (!older.head().equals(p.branch()) && repo.proposalBranches().matcher(older.head()).matches()) {
                forge.close(older, "Superseded by " + (current.url().isEmpty() ? "#" + current.number()
                        : current.url()) + " (branch `" + p.branch() + "`).");
                count("closed");
                LOG.info("repository {}: closed pull request {} of {}: superseded by {}", repo.name(), older.url(),
                        older.head(), current.url());
            }
        }
        if (repo.pullRequests().autoMerge() && autoMergeAsked.add(current.number())) {
            try {
                forge.autoMerge(current, method);
            } catch (ForgeException e) {
                autoMergeAsked.remove(current.number());
                throw e;
            }
            LOG.info("repository {}: auto-merge ({}) asked for pull request {}", repo.name(),
                    method.name().toLowerCase(Locale.ROOT), current.url());
        }
    }

    private void reached(Wish.Reached r) throws ForgeException {
        for (PullRequest pr : forge.openInto(repo.branch())) {
            if (pr.head().equals(r.branch())) {
                forge.close(pr, "Every change of this pull request is on `" + repo.branch() + "` already"
                        + (r.head().isEmpty() ? "" : " (" + r.head() + ")") + ".");
                count("closed");
                status = "closed " + pr.url();
                LOG.info("repository {}: closed pull request {} of {}: its changes reached {}", repo.name(),
                        pr.url(), r.branch(), repo.branch());
            }
        }
    }

    private static String branchOf(Wish wish) {
        return wish instanceof Wish.Proposed p ? p.branch() : ((Wish.Reached) wish).branch();
    }

    private void count(String outcome) {
        meters.counter("shiplog.gitwriter.pullrequests." + outcome, "repository", repo.name()).increment();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

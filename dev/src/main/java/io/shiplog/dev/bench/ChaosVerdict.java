package io.shiplog.dev.bench;

import com.google.gson.JsonObject;
import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a chaos run left behind, read from the real things: the config repository's history, the API servers and
 * the release log. Each count is a promise of Shiplog that was broken; {@link #findings} says where.
 *
 * @param lost               pushed releases that never reached git (no commit sets the tag or a newer one)
 * @param duplicateCommits   Shiplog commits that set a tag an earlier commit had set already, or changed nothing
 * @param humanCommitsLost   human commits no longer in the branch's history
 * @param notConverged       (cluster, object) pairs whose live state differs from the branch's head
 * @param missingTraceEvents steps of committed releases missing from the log: found, committed, applied per cluster
 * @param findings           one line per broken promise (the first few of each kind)
 */
record ChaosVerdict(int lost, int duplicateCommits, int humanCommitsLost, int notConverged, int missingTraceEvents,
                    List<String> findings) {

    /** One pushed tag of one application. */
    record Release(int app, int round) {
        String tag() {
            return "1." + round + ".0";
        }
    }

    private static final Pattern TAG = Pattern.compile("image:\\s*\\S+:1\\.(\\d+)\\.0");
    private static final Pattern HUMAN_VALUE = Pattern.compile("round:\\s*\"?(\\d+)\"?");
    private static final int FINDINGS_PER_KIND = 5;

    boolean allZero() {
        return lost == 0 && duplicateCommits == 0 && humanCommitsLost == 0 && notConverged == 0
                && missingTraceEvents == 0;
    }

    /** Whether the installation has settled: everything pushed is in git and live everywhere. */
    static boolean settled(GitServer git, List<KubeCluster> clusters, List<Release> releases, int apps) {
        ChaosVerdict quick = judge(git, clusters, releases, apps, Set.of(), null, "");
        return quick.lost == 0 && quick.notConverged == 0;
    }

    /**
     * Judges the run. {@code tracker} may be null to skip the log (a quick check while waiting to settle).
     *
     * @param humanShas the commits the benchmark made as a person
     */
    static ChaosVerdict judge(GitServer git, List<KubeCluster> clusters, List<Release> releases, int apps,
                              Set<String> humanShas, ReleaseTracker tracker, String registryHost) {
        List<String> findings = new ArrayList<>();
        String repo = ReleaseBench.REPOSITORY;
        List<GitCommit> history = new ArrayList<>(git.log(repo, "main"));
        java.util.Collections.reverse(history);
        Set<String> inHistory = new HashSet<>();
        history.forEach(c -> inHistory.add(c.sha()));
        String head = history.get(history.size() - 1).sha();

        int humanLost = 0;
        for (String sha : humanShas) {
            if (!inHistory.contains(sha)) {
                humanLost++;
                note(findings, "human commit " + sha + " is not in the history of main");
            }
        }

        Map<Integer, Integer> headRounds = new LinkedHashMap<>();
        for (int app = 0; app < apps; app++) {
            headRounds.put(app, round(git, head, app).orElse(-1));
        }
        int lost = 0;
        for (Release release : releases) {
            if (release.round() > headRounds.get(release.app())) {
                lost++;
                note(findings, "release " + ReleaseBench.image(release.app()) + ":" + release.tag()
                        + " is not in git (head has 1." + headRounds.get(release.app()) + ".0)");
            }
        }

        // every Shiplog commit: the image tags it set
        Map<String, List<String>> setBy = new LinkedHashMap<>();
        Map<String, List<String>> changesOf = new LinkedHashMap<>();
        int duplicates = 0;
        for (GitCommit commit : history) {
            if (humanShas.contains(commit.sha()) || commit.parents().isEmpty()) {
                continue;
            }
            List<String> changes = new ArrayList<>();
            for (String path : commit.changedPaths()) {
                int app = appOf(path);
                if (app < 0) {
                    continue;
                }
                Optional<Integer> now = round(git, commit.sha(), app);
                Optional<Integer> before = round(git, commit.parents().get(0), app);
                if (now.isPresent() && !now.equals(before)) {
                    changes.add(app + ":" + now.get());
                }
            }
            if (changes.isEmpty()) {
                duplicates++;
                note(findings, "Shiplog commit " + commit.sha() + " changes no image (" + commit.subject() + ")");
            }
            changesOf.put(commit.sha(), changes);
            for (String change : changes) {
                List<String> shas = setBy.computeIfAbsent(change, c -> new ArrayList<>());
                shas.add(commit.sha());
                if (shas.size() > 1) {
                    duplicates++;
                    note(findings, "tag " + change + " committed again by " + commit.sha() + " after " + shas.get(0));
                }
            }
        }

        int notConverged = 0;
        Optional<String> humanValue = git.readFile(repo, head, "apps/human.yaml").flatMap(ChaosVerdict::humanRound);
        for (KubeCluster cluster : clusters) {
            for (int app = 0; app < apps; app++) {
                String want = "1." + headRounds.get(app) + ".0";
                String live = liveImage(cluster, app).orElse("(absent)");
                if (!live.endsWith(":" + want)) {
                    notConverged++;
                    note(findings, cluster.name() + " runs " + live + " where main has " + want);
                }
            }
            Optional<String> liveHuman = liveHumanRound(cluster);
            if (humanValue.isPresent() && !humanValue.equals(liveHuman)) {
                notConverged++;
                note(findings, cluster.name() + " has human round " + liveHuman.orElse("(absent)") + " where main has "
                        + humanValue.get());
            }
        }

        int missing = tracker == null ? 0 : missingTraceEvents(tracker, changesOf, clusters, registryHost, findings);
        return new ChaosVerdict(lost, duplicates, humanLost, notConverged, missing, List.copyOf(findings));
    }

    /** Each committed release: found by the scanner, its commit reported, applied (or folded) on every cluster. */
    private static int missingTraceEvents(ReleaseTracker tracker, Map<String, List<String>> changesOf,
                                          List<KubeCluster> clusters, String registryHost, List<String> findings) {
        int missing = 0;
        for (Map.Entry<String, List<String>> commit : changesOf.entrySet()) {
            String sha = commit.getKey();
            for (String change : commit.getValue()) {
                String[] parts = change.split(":");
                String image = registryHost + "/" + ReleaseBench.image(Integer.parseInt(parts[0]));
                if (tracker.discovery(image, "1." + parts[1] + ".0").isEmpty()) {
                    missing++;
                    note(findings, "no discovery of " + image + ":1." + parts[1] + ".0 committed in " + sha);
                }
            }
            if (!tracker.committed(sha)) {
                missing++;
                note(findings, "no ManifestsCommitted for " + sha);
            }
            for (KubeCluster cluster : clusters) {
                if (tracker.applies(sha, Set.of(cluster.name())).isEmpty()) {
                    missing++;
                    note(findings, "no ApplyCompleted of " + sha + " (or of a commit folding it) on " + cluster.name());
                }
            }
        }
        return missing;
    }

    private static Optional<Integer> round(GitServer git, String ref, int app) {
        return git.readFile(ReleaseBench.REPOSITORY, ref, "apps/app-" + app + ".yaml").flatMap(text -> {
            Matcher m = TAG.matcher(text);
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        });
    }

    private static int appOf(String path) {
        Matcher m = Pattern.compile("apps/app-(\\d+)\\.yaml").matcher(path);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Optional<String> humanRound(String text) {
        Matcher m = HUMAN_VALUE.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> liveImage(KubeCluster cluster, int app) {
        return cluster.applier().get("apps/v1", "Deployment", ReleaseBench.NAMESPACE, "app-" + app).map(o -> {
            JsonObject spec = o.getRaw().getAsJsonObject("spec").getAsJsonObject("template")
                    .getAsJsonObject("spec");
            return spec.getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString();
        });
    }

    private static Optional<String> liveHumanRound(KubeCluster cluster) {
        return cluster.applier().get("v1", "ConfigMap", ReleaseBench.NAMESPACE, "human").map(o -> {
            JsonObject data = o.getRaw().getAsJsonObject("data");
            return data == null || !data.has("round") ? "(none)" : data.get("round").getAsString();
        });
    }

    private static void note(List<String> findings, String finding) {
        String kind = finding.substring(0, Math.min(12, finding.length()));
        if (findings.stream().filter(f -> f.startsWith(kind)).count() < FINDINGS_PER_KIND) {
            findings.add(finding);
        }
    }
}
